import type { EntityManager } from 'typeorm';
import { badUserInput, conflict, notFound } from '#platform/errors';
import type { Arende, Arendestatus } from '../entities/Arende';
import type { Arendeandring } from '../repositories/ArendeRepository';
import { KommunWriteService } from './KommunWrites';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';
import { notInFuture } from './validate';

export interface SekretessInput {
  lagrum: string;
  beskrivning?: string | null;
}

export interface NyttArendeInput {
  ansvarigtOrgan: string;
  rubrik: string;
  beskrivning?: string | null;
  registrerad?: string | null;
  forslagTillBeslut?: string[] | null;
  sekretess?: SekretessInput | null;
}

export interface ArendeandringInput {
  version: number;
  rubrik?: string | null;
  beskrivning?: string | null;
  sekretess?: SekretessInput | null;
}

export interface ArendestatusInput {
  version: number;
  status: Arendestatus;
  datum?: string | null;
  kommentar?: string | null;
}

const STATUSNAMN: Record<Arendestatus, string> = {
  OPPET: 'öppet',
  VILANDE: 'vilande',
  STANGT: 'stängt',
  MAKULERAT: 'makulerat',
};

/**
 * The ärende writes: registration with a gap-free diarienummer, and changes under optimistic
 * concurrency (the client sends the version it read; a stale one is a CONFLICT). Each write is
 * one transaction together with its status history and its row in the audit; only the kommun's
 * own HANDLAGGARE or ADMIN may make one.
 */
export class ArendeService extends KommunWriteService {
  async registrera(kommunkod: string, input: NyttArendeInput, today: string): Promise<Arende> {
    const user = this.authorize(kommunkod, 'registreraArende');
    const rubrik = requiredText(input.rubrik, 'rubrik', 'The rubrik', 500);
    const beskrivning = optionalText(input.beskrivning, 'beskrivning', 'The beskrivning');
    const registrerad = notInFuture(input.registrerad ?? today, today, 'registrerad', 'The registration day');
    const punkter = (input.forslagTillBeslut ?? []).map((text, i) =>
      requiredText(text, 'forslagTillBeslut', `Point ${i + 1} of the proposed decision`, 10000),
    );
    const sekretess = sekretessOf(input.sekretess);

    return this.db.write(async (m) => {
      const organ = await this.repos.organ.find(m, input.ansvarigtOrgan);
      if (!organ) {
        throw notFound(
          `Kommun ${this.kommunkod} has no organ with id ${JSON.stringify(input.ansvarigtOrgan)}.`,
          'ansvarigtOrgan',
        );
      }
      const ar = Number(registrerad.slice(0, 4));
      const serial = await this.repos.arende.nextSerial(m, organ.kortnamn, ar);
      const arende = await this.repos.arende.insert(m, {
        diarienummer: `${organ.kortnamn} ${ar}/${serial}`,
        rubrik,
        beskrivning,
        status: 'OPPET',
        registrerad,
        ansvarigtOrganId: organ.id,
        sekretessLagrum: sekretess?.lagrum ?? null,
        sekretessBeskrivning: sekretess?.beskrivning ?? null,
      });
      await this.repos.arende.insertStatus(m, {
        diarienummer: arende.diarienummer,
        status: 'OPPET',
        datum: registrerad,
        kommentar: null,
      });
      await this.repos.arende.insertBeslutspunkter(m, arende.diarienummer, punkter);
      await this.repos.granskning.logga(m, user, 'registreraArende', arende.diarienummer, {
        ansvarigtOrgan: organ.id,
        sekretess: arende.sekretessLagrum,
      });
      return arende;
    });
  }

  async uppdatera(kommunkod: string, diarienummer: string, input: ArendeandringInput): Promise<Arende> {
    const user = this.authorize(kommunkod, 'uppdateraArende');
    const change: Arendeandring = {};
    if (input.rubrik !== undefined) {
      if (input.rubrik === null) throw badUserInput('An ärende must have a rubrik; it cannot be removed.', 'rubrik');
      change.rubrik = requiredText(input.rubrik, 'rubrik', 'The rubrik', 500);
    }
    if (input.beskrivning !== undefined) change.beskrivning = optionalText(input.beskrivning, 'beskrivning', 'The beskrivning');
    if (input.sekretess !== undefined) {
      const sekretess = sekretessOf(input.sekretess);
      change.sekretessLagrum = sekretess?.lagrum ?? null;
      change.sekretessBeskrivning = sekretess?.beskrivning ?? null;
    }
    if (Object.keys(change).length === 0) {
      throw badUserInput('The change names nothing to change: give rubrik, beskrivning or sekretess.', 'input');
    }
    return this.db.write(async (m) => {
      await this.lockForChange(m, diarienummer, input.version);
      const arende = await this.apply(m, diarienummer, input.version, change);
      // The names of what changed, not the content: the audit outlives a restriction's reasons.
      await this.repos.granskning.logga(m, user, 'uppdateraArende', diarienummer, {
        version: arende.version,
        andrat: (['rubrik', 'beskrivning', 'sekretess'] as const).filter((field) => input[field] !== undefined),
        sekretess: arende.sekretessLagrum,
      });
      return arende;
    });
  }

  async andraStatus(kommunkod: string, diarienummer: string, input: ArendestatusInput, today: string): Promise<Arende> {
    const user = this.authorize(kommunkod, 'andraArendestatus');
    const datum = notInFuture(input.datum ?? today, today, 'datum', 'The day of the status change');
    const kommentar = optionalText(input.kommentar, 'kommentar', 'The kommentar');
    return this.db.write(async (m) => {
      const current = await this.lockForChange(m, diarienummer, input.version);
      if (current.status === input.status) {
        throw badUserInput(`Ärende ${diarienummer} is already ${STATUSNAMN[input.status]}.`, 'status');
      }
      if (datum < current.registrerad) {
        throw badUserInput(
          `The day of the status change, ${datum}, is before ärende ${diarienummer} was registered (${current.registrerad}).`,
          'datum',
        );
      }
      const arende = await this.apply(m, diarienummer, input.version, { status: input.status });
      await this.repos.arende.insertStatus(m, { diarienummer, status: input.status, datum, kommentar });
      await this.repos.granskning.logga(m, user, 'andraArendestatus', diarienummer, {
        fran: current.status,
        till: input.status,
        datum,
        version: arende.version,
      });
      return arende;
    });
  }

  /**
   * Locks the ärende for the rest of the transaction and checks that it may be changed: it
   * exists, the client read its current version, and it is not cancelled.
   */
  private async lockForChange(m: EntityManager, diarienummer: string, version: number): Promise<Arende> {
    const current = await this.repos.arende.lock(m, diarienummer);
    if (!current) throw notFound(`Kommun ${this.kommunkod} has no ärende ${diarienummer}.`, 'diarienummer');
    if (current.version !== version) {
      throw conflict(
        `Ärende ${diarienummer} has been changed by someone else since you read it (you sent version ${version}, it is now at version ${current.version}). Read it again and redo your change.`,
        'version',
      );
    }
    if (current.status === 'MAKULERAT') {
      throw conflict(`Ärende ${diarienummer} is makulerat (cancelled) and can no longer be changed.`, 'diarienummer');
    }
    return current;
  }

  private async apply(m: EntityManager, diarienummer: string, version: number, change: Arendeandring): Promise<Arende> {
    const updated = await this.repos.arende.update(m, diarienummer, version, change);
    // The row is locked and its version checked, so this holds; kept as the last line of defence.
    if (!updated) throw conflict(`Ärende ${diarienummer} has been changed by someone else; read it again.`, 'version');
    return updated;
  }
}

function sekretessOf(input: SekretessInput | null | undefined): { lagrum: string; beskrivning: string | null } | null {
  if (!input) return null;
  return {
    lagrum: requiredText(input.lagrum, 'sekretess.lagrum', 'The lagrum of the sekretess', 200),
    beskrivning: optionalText(input.beskrivning, 'sekretess.beskrivning', 'The beskrivning of the sekretess'),
  };
}
