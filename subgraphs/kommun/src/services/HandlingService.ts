import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { ErrorCode, badUserInput, conflict, forbidden, notFound } from '#platform/errors';
import type { Handling, Handlingstyp } from '../entities/Handling';
import { KommunWriteService } from './KommunWrites';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';

export interface NyHandlingInput {
  titel: string;
  typ: Handlingstyp;
  datum?: string | null;
  filnamn?: string | null;
}

/** type/subtype as RFC 9110 spells a media type, without parameters. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * Documents of an ärende and their files. A document is registered, then its file is uploaded
 * once (through the gateway's signed upload link); reading a file is a read like any other, under
 * the ärende's sekretess, which row-level security enforces on both the document and its bytes.
 */
export class HandlingService extends KommunWriteService {
  async registrera(kommunkod: string, diarienummer: string, input: NyHandlingInput): Promise<Handling> {
    const user = this.authorize(kommunkod, 'registreraHandling');
    const titel = requiredText(input.titel, 'titel', 'The titel', 500);
    const filnamn = optionalText(input.filnamn, 'filnamn', 'The filnamn', 255) ?? filnamnOf(titel);
    if (/[/\\]/.test(filnamn) || [...filnamn].some((c) => c.charCodeAt(0) < 0x20)) {
      throw badUserInput('A filnamn is a name without folders or control characters, e.g. "vision-2025.pdf".', 'filnamn');
    }
    return this.db.write(async (m) => {
      const arende = await this.repos.arende.lock(m, diarienummer);
      if (!arende) throw notFound(`Kommun ${this.kommunkod} has no ärende ${diarienummer}.`, 'diarienummer');
      if (arende.status === 'MAKULERAT')
        throw conflict(`Ärende ${diarienummer} is makulerat; it takes no new documents.`, 'diarienummer');
      const handling = await this.repos.handling.insert(m, {
        diarienummer,
        titel,
        typ: input.typ,
        datum: input.datum ?? null,
        filnamn,
      });
      if (!handling) throw conflict(`Ärende ${diarienummer} already has a document titled ${JSON.stringify(titel)}.`, 'titel');
      await this.repos.arende.touch(m, diarienummer);
      await this.repos.granskning.logga(m, user, 'registreraHandling', `${diarienummer} handling ${handling.id}`, {
        typ: input.typ,
      });
      return handling;
    });
  }

  /**
   * Stores a document's file, once. The same bytes again (a retry) answer as the first upload;
   * other bytes for a document that has a file are a CONFLICT. `maxBytes` bounds the file.
   */
  async laddaUpp(id: string, mediatyp: string, innehall: Buffer, maxBytes: number): Promise<Handling> {
    const user = this.authorize(this.kommunkod, 'laddaUppHandling');
    if (innehall.length > maxBytes) throw handlingTooLarge(maxBytes);
    if (innehall.length === 0) throw badUserInput('The file is empty; send its bytes as the body of the PUT.', 'innehall');
    const typ = mediatyp.split(';')[0].trim().toLowerCase();
    if (!MEDIA_TYPE.test(typ)) {
      throw badUserInput(`Content-Type ${JSON.stringify(mediatyp)} is not a media type such as application/pdf.`, 'mediatyp');
    }
    const sha256 = createHash('sha256').update(innehall).digest('hex');
    return this.db.write(async (m) => {
      const handling = await this.repos.handling.lock(m, id);
      if (!handling) throw notFound(`Kommun ${this.kommunkod} has no document ${id} you may write to.`, 'id');
      if (handling.sha256 === sha256) return handling;
      if (handling.sha256) {
        throw conflict(
          `Document ${id} already has its file (SHA-256 ${handling.sha256}); a document's file is set once, so register a new document for a new version.`,
          'innehall',
        );
      }
      const stored = await this.repos.handling.storeFile(m, id, { mediatyp: typ, sha256, innehall });
      await this.repos.arende.touch(m, handling.diarienummer);
      await this.repos.granskning.logga(m, user, 'laddaUppHandling', `${handling.diarienummer} handling ${id}`, {
        mediatyp: typ,
        storlek: innehall.length,
        sha256,
      });
      return stored;
    });
  }

  /**
   * A document's file for the request's reader. Documents are never deleted, so one the reader
   * cannot see is one under sekretess (FORBIDDEN); one without a file yet is NOT_FOUND.
   */
  async fil(id: string): Promise<{ handling: Handling; innehall: Buffer }> {
    const fil = await this.repos.handling.fil(id);
    if (!fil) {
      throw forbidden(
        `Document ${id} of kommun ${this.kommunkod} is not yours to read: its ärende is covered by sekretess, which only a HANDLAGGARE or ADMIN of kommun ${this.kommunkod} may read`,
      );
    }
    if (!fil.innehall) throw notFound(`Document ${id} of kommun ${this.kommunkod} has no file yet.`, 'id');
    return { handling: fil.handling, innehall: fil.innehall };
  }
}

/** A file above the kommun's HANDLING_MAX_BYTES. */
export function handlingTooLarge(maxBytes: number): GraphQLError {
  return new GraphQLError(
    `The file is larger than ${maxBytes} bytes, the most this kommun keeps per document (HANDLING_MAX_BYTES); send a smaller file`,
    { extensions: { code: ErrorCode.HANDLING_TOO_LARGE } },
  );
}

/** A file name from a titel: letters, digits and dashes. */
function filnamnOf(titel: string): string {
  return (
    titel
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'handling'
  );
}
