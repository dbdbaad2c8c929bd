import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { assertRole } from '#platform/auth/authorize';
import { describeCaller, type Caller } from '#platform/auth/caller';
import type { Db } from '#platform/database/requestDb';
import { badUserInput, forbidden, notFound } from '#platform/errors';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';
import type { Avtal } from '../entities/Avtal';
import type { Avtalsroll } from '../entities/Avtalspart';
import type { Omradesstatus, Samverkansomrade } from '../entities/Samverkansomrade';
import type { Repositories } from '../repositories';

export interface StatusandringInput {
  status: Omradesstatus;
  datum: string;
  kommentar?: string | null;
  beslut?: { kommunkod: string; beteckning: string } | null;
}

export interface NyttAvtalInput {
  omradeId: string;
  namn: string;
  resurs?: string | null;
  rattsligGrund?: string | null;
  tecknat?: string | null;
  giltigFran?: string | null;
  giltigTill?: string | null;
  parter: { kommunkod: string; roll: Avtalsroll; kostnadsandel: number }[];
}

const KOMMUNKOD = /^[0-9]{4}$/;
/** Cost shares are floats from JSON; a sum this close to 1 is 1. */
const SHARE_TOLERANCE = 1e-9;

/**
 * The samverkan writes: an area's status change with the decision behind it, and a new
 * agreement with its parties. Each is one transaction with its row in the audit; a refused or
 * failed write changes nothing. Only a SAMORDNARE of a kommun that has joined (ANSLUTEN) the
 * collaboration the area belongs to may make one.
 */
export class SamverkanService {
  constructor(
    private readonly db: Db,
    private readonly repos: Repositories,
    private readonly caller: Caller | null,
  ) {}

  async andraStatus(id: string, input: StatusandringInput): Promise<Samverkansomrade> {
    const user = assertRole(this.caller, 'SAMORDNARE', 'andraSamverkansstatus');
    const kommentar = optionalText(input.kommentar, 'kommentar', 'The kommentar');
    const beslut = input.beslut
      ? {
          kommunkod: kommunkodOf(input.beslut.kommunkod, 'beslut.kommunkod'),
          beteckning: requiredText(input.beslut.beteckning, 'beslut.beteckning', 'The beteckning of the decision', 200),
        }
      : null;
    return this.db.write(async (m) => {
      const omrade = await this.repos.omrade.lock(m, id);
      if (!omrade) throw notFound(`There is no collaboration area with id ${JSON.stringify(id)}.`, 'id');
      await this.assertJoinedParty(m, user, omrade, 'andraSamverkansstatus');
      if (omrade.status === input.status) {
        throw badUserInput(`${omrade.namn} already has status ${input.status}.`, 'status');
      }
      const end = await this.repos.omrade.historyEnd(m, id);
      if (end.datum && input.datum < end.datum) {
        throw badUserInput(
          `The day of the change, ${input.datum}, is before the latest change of ${omrade.namn} (${end.datum}); history is recorded in order.`,
          'datum',
        );
      }
      if (beslut) {
        const parter = await this.repos.samverkan.parterIn(m, omrade.samverkanId);
        if (!parter.some((p) => p.kommunkod === beslut.kommunkod)) {
          throw badUserInput(
            `Kommun ${beslut.kommunkod} is not a party of the collaboration, so its decisions cannot change ${omrade.namn}.`,
            'beslut.kommunkod',
          );
        }
        await this.repos.omrade.addBeslut(m, id, beslut.kommunkod, beslut.beteckning);
      }
      await this.repos.omrade.insertStatus(m, {
        omradeId: id,
        ordning: end.ordning + 1,
        status: input.status,
        datum: input.datum,
        kommentar,
        beslutKommunkod: beslut?.kommunkod ?? null,
        beslutBeteckning: beslut?.beteckning ?? null,
      });
      await this.repos.omrade.setStatus(m, id, input.status);
      await this.repos.granskning.logga(m, user, {
        atgard: 'andraSamverkansstatus',
        objekt: id,
        samverkanId: omrade.samverkanId,
        detaljer: { fran: omrade.status, till: input.status, datum: input.datum, beslut },
      });
      return { ...omrade, status: input.status };
    });
  }

  async registreraAvtal(input: NyttAvtalInput): Promise<Avtal> {
    const user = assertRole(this.caller, 'SAMORDNARE', 'registreraAvtal');
    const namn = requiredText(input.namn, 'namn', 'The name of the agreement', 300);
    const resurs = optionalText(input.resurs, 'resurs', 'The resurs');
    const rattsligGrund = optionalText(input.rattsligGrund, 'rattsligGrund', 'The rattsligGrund');
    if (input.giltigFran && input.giltigTill && input.giltigTill < input.giltigFran) {
      throw badUserInput(`The agreement cannot end (${input.giltigTill}) before it starts (${input.giltigFran}).`, 'giltigTill');
    }
    if (input.parter.length === 0) throw badUserInput('An agreement needs at least one party.', 'parter');
    const seen = new Set<string>();
    input.parter.forEach((part, i) => {
      kommunkodOf(part.kommunkod, `parter[${i}].kommunkod`);
      if (seen.has(part.kommunkod)) {
        throw badUserInput(`Kommun ${part.kommunkod} is listed twice among the parties.`, `parter[${i}].kommunkod`);
      }
      seen.add(part.kommunkod);
      if (!Number.isFinite(part.kostnadsandel) || part.kostnadsandel < 0 || part.kostnadsandel > 1) {
        throw badUserInput(
          `The cost share of kommun ${part.kommunkod} must be between 0 and 1, got ${part.kostnadsandel}.`,
          `parter[${i}].kostnadsandel`,
        );
      }
    });
    const vardkommuner = input.parter.filter((p) => p.roll === 'VARDKOMMUN');
    if (vardkommuner.length > 1) {
      throw badUserInput(
        `An agreement has at most one värdkommun; ${vardkommuner.map((p) => p.kommunkod).join(' and ')} are both VARDKOMMUN.`,
        `parter[${input.parter.lastIndexOf(vardkommuner[1])}].roll`,
      );
    }
    const sum = input.parter.reduce((total, p) => total + p.kostnadsandel, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      throw badUserInput(
        `The parties' cost shares must add up to 1 (100 %), but they add up to ${Number(sum.toFixed(9))}.`,
        'parter',
      );
    }

    return this.db.write(async (m) => {
      // Locked so that the area is not changed while its agreement is written.
      const omrade = await this.repos.omrade.lock(m, input.omradeId);
      if (!omrade) throw notFound(`There is no collaboration area with id ${JSON.stringify(input.omradeId)}.`, 'omradeId');
      await this.assertJoinedParty(m, user, omrade, 'registreraAvtal');
      const nytt: Omit<Avtal, 'uppdaterad'> = {
        id: randomUUID(),
        omradeId: omrade.id,
        namn,
        tecknat: input.tecknat ?? null,
        giltigFran: input.giltigFran ?? null,
        giltigTill: input.giltigTill ?? null,
        rattsligGrund,
        resurs,
        illustrativaFalt: [],
      };
      const avtal: Avtal = { ...nytt, uppdaterad: await this.repos.avtal.insert(m, nytt) };
      for (const [i, part] of input.parter.entries()) {
        // Stored to nine decimals: 0.2 + 0.7 is kept as 0.9, not 0.8999999999999999.
        const kostnadsandel = Number(part.kostnadsandel.toFixed(9));
        const added = await this.repos.avtal.insertPartIfAnsluten(m, omrade.samverkanId, {
          avtalId: avtal.id,
          ...part,
          kostnadsandel,
        });
        if (!added) {
          const status = (await this.repos.samverkan.parterIn(m, omrade.samverkanId)).find(
            (p) => p.kommunkod === part.kommunkod,
          )?.status;
          throw badUserInput(
            status
              ? `Kommun ${part.kommunkod} is ${status} in the collaboration, not ANSLUTEN; only joined kommuner can be parties of an agreement.`
              : `Kommun ${part.kommunkod} is not a party of the collaboration that ${omrade.namn} belongs to.`,
            `parter[${i}].kommunkod`,
          );
        }
      }
      await this.repos.granskning.logga(m, user, {
        atgard: 'registreraAvtal',
        objekt: avtal.id,
        samverkanId: omrade.samverkanId,
        detaljer: { omradeId: omrade.id, parter: input.parter.map((p) => p.kommunkod) },
      });
      return avtal;
    });
  }

  /** The writer's kommun must have joined the collaboration the area belongs to; FORBIDDEN otherwise. */
  private async assertJoinedParty(m: EntityManager, user: Caller, omrade: Samverkansomrade, what: string): Promise<void> {
    const part = (await this.repos.samverkan.parterIn(m, omrade.samverkanId)).find((p) => p.kommunkod === user.kommunkod);
    if (part?.status !== 'ANSLUTEN') {
      throw forbidden(
        `${what} changes ${omrade.namn}, which only a SAMORDNARE of a kommun that has joined (ANSLUTEN) its collaboration may change; you are ${describeCaller(user)}, ${part ? `which is ${part.status}` : 'which is not a party'}`,
      );
    }
  }
}

export function kommunkodOf(value: string, field: string): string {
  if (!KOMMUNKOD.test(value))
    throw badUserInput(`${JSON.stringify(value)} is not a kommunkod; it has four digits, e.g. "2262".`, field);
  return value;
}
