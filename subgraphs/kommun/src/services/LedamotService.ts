import { randomUUID } from 'node:crypto';
import { badUserInput, conflict, notFound } from '#platform/errors';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';
import type { Ledamot, Ledamotskap, Ledamotsroll } from '../entities/Ledamot';
import { KommunWriteService } from './KommunWrites';

export interface NyLedamotInput {
  namn: string;
  parti?: string | null;
}

export interface NyttLedamotskapInput {
  ledamot: string;
  organ: string;
  roll: Ledamotsroll;
  fran: string;
  till?: string | null;
}

export interface LedamotskapsslutInput {
  till: string;
}

/** The roles an organ has one of at a time. */
const ENSAM_ROLL: Partial<Record<Ledamotsroll, string>> = { ORDFORANDE: 'ordförande', VICE_ORDFORANDE: 'vice ordförande' };

const period = (s: Pick<Ledamotskap, 'fran' | 'till'>) => `${s.fran ?? '…'}–${s.till ?? ''}`;

/**
 * Elected members in their public role (name and party) and their seats in the kommun's organs:
 * one seat per member and organ at a time, one chair and one vice chair per organ at a time.
 */
export class LedamotService extends KommunWriteService {
  async registrera(kommunkod: string, input: NyLedamotInput): Promise<Ledamot> {
    const user = this.authorize(kommunkod, 'registreraLedamot');
    const namn = requiredText(input.namn, 'namn', 'The namn', 200);
    const parti = optionalText(input.parti, 'parti', 'The parti', 200);
    return this.db.write(async (m) => {
      const ledamot = await this.repos.ledamot.insert(m, { id: randomUUID(), namn, parti });
      await this.repos.granskning.logga(m, user, 'registreraLedamot', ledamot.id, { namn, parti });
      return ledamot;
    });
  }

  async registreraLedamotskap(kommunkod: string, input: NyttLedamotskapInput): Promise<Ledamotskap> {
    const user = this.authorize(kommunkod, 'registreraLedamotskap');
    const till = input.till ?? null;
    if (till && till < input.fran) throw badUserInput(`The seat ends (${till}) before it begins (${input.fran}).`, 'till');
    return this.db.write(async (m) => {
      const [ledamot] = await this.repos.ledamot.existing(m, [input.ledamot]);
      if (!ledamot) throw notFound(`Kommun ${this.kommunkod} has no member with id ${JSON.stringify(input.ledamot)}.`, 'ledamot');
      const organ = await this.repos.organ.find(m, input.organ);
      if (!organ) throw notFound(`Kommun ${this.kommunkod} has no organ with id ${JSON.stringify(input.organ)}.`, 'organ');
      await this.repos.ledamot.lockSeatsOf(m, organ.id);
      const [own] = await this.repos.ledamot.overlappingOfLedamot(m, organ.id, input.fran, till, ledamot.id);
      if (own) {
        throw conflict(
          `${ledamot.namn} already has a seat in ${organ.kortnamn} (${own.roll}, ${period(own)}) in that period; end it first.`,
          'fran',
        );
      }
      const ensam = ENSAM_ROLL[input.roll];
      if (ensam) {
        const [other] = await this.repos.ledamot.overlappingInRoll(m, organ.id, input.fran, till, input.roll);
        if (other) {
          throw conflict(
            `${organ.kortnamn} already has a ${ensam} in that period (${period(other)}); end that seat first.`,
            'roll',
          );
        }
      }
      const seat = await this.repos.ledamot.insertLedamotskap(m, {
        ledamotId: ledamot.id,
        organId: organ.id,
        roll: input.roll,
        fran: input.fran,
        till,
      });
      await this.repos.granskning.logga(m, user, 'registreraLedamotskap', seat.id, {
        ledamot: ledamot.id,
        organ: organ.id,
        roll: input.roll,
        fran: input.fran,
        till,
      });
      return seat;
    });
  }

  async avslutaLedamotskap(kommunkod: string, id: string, input: LedamotskapsslutInput): Promise<Ledamotskap> {
    const user = this.authorize(kommunkod, 'avslutaLedamotskap');
    return this.db.write(async (m) => {
      const seat = await this.repos.ledamot.lockLedamotskap(m, id);
      if (!seat) throw notFound(`Kommun ${this.kommunkod} has no seat with id ${JSON.stringify(id)}.`, 'id');
      if (seat.till) throw conflict(`The seat has already ended, on ${seat.till}.`, 'id');
      if (seat.fran && input.till < seat.fran) {
        throw badUserInput(`The seat began on ${seat.fran}; it cannot end before that, on ${input.till}.`, 'till');
      }
      const ended = await this.repos.ledamot.endLedamotskap(m, id, input.till);
      await this.repos.granskning.logga(m, user, 'avslutaLedamotskap', id, { ledamot: seat.ledamotId, till: input.till });
      return ended;
    });
  }
}
