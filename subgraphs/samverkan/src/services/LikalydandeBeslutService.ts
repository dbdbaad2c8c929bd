import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { assertRole } from '#platform/auth/authorize';
import { describeCaller, type Caller } from '#platform/auth/caller';
import type { Db } from '#platform/database/requestDb';
import { badUserInput, conflict, forbidden, notFound } from '#platform/errors';
import type { LikalydandeBeslut } from '../entities/LikalydandeBeslut';
import type { Repositories } from '../repositories';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';
import { kommunkodOf } from './SamverkanService';

interface ParagrafReferens {
  kommunkod: string;
  beteckning: string;
}

export interface NyttLikalydandeBeslutInput {
  samverkanId: string;
  rubrik: string;
  lydelse: string;
  kommuner: string[];
  beslut?: ParagrafReferens[] | null;
}

export interface LikalydandeBeslutsanmalanInput {
  kommunkod: string;
  beslut?: ParagrafReferens | null;
  uppgift?: string | null;
}

/**
 * The writes of likalydande beslut: a new one with the kommuner expected to take it, and one
 * kommun's decision reported. Authorised as the other samverkan writes: a SAMORDNARE of a kommun
 * that has joined (ANSLUTEN) the collaboration; every kommun named must be a party of it (with
 * any status: an interested kommun may be asked to decide too). One transaction with its audit row.
 */
export class LikalydandeBeslutService {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly caller: Caller | null,
  ) {}

  async registrera(input: NyttLikalydandeBeslutInput): Promise<LikalydandeBeslut> {
    const what = 'registreraLikalydandeBeslut';
    const user = assertRole(this.caller, 'SAMORDNARE', what);
    const rubrik = requiredText(input.rubrik, 'rubrik', 'The rubrik', 300);
    const lydelse = requiredText(input.lydelse, 'lydelse', 'The lydelse (wording)', 10000);
    if (input.kommuner.length === 0)
      throw badUserInput('A likalydande beslut needs the kommuner expected to take it.', 'kommuner');
    const kommuner = input.kommuner.map((k, i) => kommunkodOf(k, `kommuner[${i}]`));
    kommuner.forEach((k, i) => {
      if (kommuner.indexOf(k) !== i) throw badUserInput(`Kommun ${k} is listed twice.`, `kommuner[${i}]`);
    });
    const beslut = new Map<string, string>();
    (input.beslut ?? []).forEach((ref, i) => {
      const kommunkod = kommunkodOf(ref.kommunkod, `beslut[${i}].kommunkod`);
      if (!kommuner.includes(kommunkod)) {
        throw badUserInput(
          `Kommun ${kommunkod} is not among the kommuner expected to take the decision.`,
          `beslut[${i}].kommunkod`,
        );
      }
      if (beslut.has(kommunkod)) throw badUserInput(`Kommun ${kommunkod} has two paragraphs listed.`, `beslut[${i}].kommunkod`);
      beslut.set(kommunkod, requiredText(ref.beteckning, `beslut[${i}].beteckning`, 'The beteckning of the paragraph', 200));
    });
    return this.db.write(async (m) => {
      await this.assertJoined(m, user, input.samverkanId, what, 'samverkanId');
      await this.assertParties(m, input.samverkanId, kommuner, (i) => `kommuner[${i}]`);
      const row: LikalydandeBeslut = { id: randomUUID(), samverkanId: input.samverkanId, rubrik, lydelse, illustrativaFalt: [] };
      await this.repos.likalydande.insert(m, row);
      for (const kommunkod of kommuner) {
        const beteckning = beslut.get(kommunkod) ?? null;
        await this.repos.likalydande.insertPart(m, {
          beslutId: row.id,
          kommunkod,
          beslutat: beteckning !== null,
          paragrafBeteckning: beteckning,
          uppgift: null,
        });
      }
      await this.repos.granskning.logga(m, user, {
        atgard: what,
        objekt: row.id,
        samverkanId: row.samverkanId,
        detaljer: { kommuner, beslut: Object.fromEntries(beslut) },
      });
      return row;
    });
  }

  async anmal(id: string, input: LikalydandeBeslutsanmalanInput): Promise<LikalydandeBeslut> {
    const what = 'anmalLikalydandeBeslut';
    const user = assertRole(this.caller, 'SAMORDNARE', what);
    const kommunkod = kommunkodOf(input.kommunkod, 'kommunkod');
    const uppgift = optionalText(input.uppgift, 'uppgift', 'The uppgift', 2000);
    let beteckning: string | null = null;
    if (input.beslut) {
      if (input.beslut.kommunkod !== kommunkod) {
        throw badUserInput(
          `The paragraph is in kommun ${input.beslut.kommunkod}, but the decision reported is kommun ${kommunkod}'s.`,
          'beslut.kommunkod',
        );
      }
      beteckning = requiredText(input.beslut.beteckning, 'beslut.beteckning', 'The beteckning of the paragraph', 200);
    }
    return this.db.write(async (m) => {
      const beslut = await this.repos.likalydande.lock(m, id);
      if (!beslut) throw notFound(`There is no likalydande beslut with id ${JSON.stringify(id)}.`, 'id');
      await this.assertJoined(m, user, beslut.samverkanId, what, 'id');
      const part = (await this.repos.likalydande.parterIn(m, id)).find((p) => p.kommunkod === kommunkod);
      if (part?.paragrafBeteckning) {
        throw conflict(
          `Kommun ${kommunkod}'s decision is already recorded as ${part.paragrafBeteckning}; a recorded paragraph is not replaced.`,
          'beslut',
        );
      }
      const next = {
        beslutId: id,
        kommunkod,
        beslutat: true,
        paragrafBeteckning: beteckning,
        uppgift: uppgift ?? part?.uppgift ?? null,
      };
      if (part) await this.repos.likalydande.updatePart(m, next);
      else {
        await this.assertParties(m, beslut.samverkanId, [kommunkod], () => 'kommunkod');
        await this.repos.likalydande.insertPart(m, next);
      }
      await this.repos.granskning.logga(m, user, {
        atgard: what,
        objekt: id,
        samverkanId: beslut.samverkanId,
        detaljer: { kommunkod, beslut: beteckning, nyPart: !part },
      });
      return beslut;
    });
  }

  /** The writer's kommun must have joined the collaboration; FORBIDDEN otherwise (NOT_FOUND when there is none). */
  private async assertJoined(m: EntityManager, user: Caller, samverkanId: string, what: string, field: string): Promise<void> {
    const parter = await this.repos.samverkan.parterIn(m, samverkanId);
    if (parter.length === 0) throw notFound(`There is no collaboration with id ${JSON.stringify(samverkanId)}.`, field);
    const part = parter.find((p) => p.kommunkod === user.kommunkod);
    if (part?.status !== 'ANSLUTEN') {
      throw forbidden(
        `${what} writes in the collaboration ${samverkanId}, which only a SAMORDNARE of a kommun that has joined (ANSLUTEN) it may do; you are ${describeCaller(user)}, ${part ? `which is ${part.status}` : 'which is not a party'}`,
      );
    }
  }

  /** Every kommun named must be a party of the collaboration. */
  private async assertParties(
    m: EntityManager,
    samverkanId: string,
    kommuner: string[],
    field: (i: number) => string,
  ): Promise<void> {
    const parter = new Set((await this.repos.samverkan.parterIn(m, samverkanId)).map((p) => p.kommunkod));
    kommuner.forEach((k, i) => {
      if (!parter.has(k)) throw badUserInput(`Kommun ${k} is not a party of the collaboration ${samverkanId}.`, field(i));
    });
  }
}
