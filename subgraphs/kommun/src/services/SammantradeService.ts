import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { badUserInput, conflict, notFound } from '#platform/errors';
import { optionalText, requiredText } from '#subgraph-kit/requiredText';
import type { Sammantrade } from '../entities/Sammantrade';
import { overklagandetidSlutar } from '../overklagandetid';
import type { NyDagordningspunkt } from '../repositories/SammantradeRepository';
import { KommunWriteService } from './KommunWrites';
import { notInFuture, swedishDay } from './validate';

export interface DagordningspunktInput {
  rubrik: string;
  diarienummer?: string | null;
  paragraf?: string | null;
}

export interface NyttSammantradeInput {
  organ: string;
  datum: string;
  borjar?: Date | null;
  plats?: string | null;
  dagordning?: DagordningspunktInput[] | null;
}

export interface DagordningInput {
  punkter: DagordningspunktInput[];
}

export interface JusteringInput {
  justeringsdag: string;
  justerare: string[];
}

export interface AnslagInput {
  anslagsdag: string;
}

/** More items than any meeting treats: a bound on what one write may ask of the database. */
const MAX_PUNKTER = 500;
/** Justerare are the chair and one or two members; a bound, not a rule of law. */
const MAX_JUSTERARE = 20;

/**
 * Meetings, their dagordning and their protokoll: registered, the dagordning changed until the
 * protokoll is justerat, then justerat and announced on the anslagstavla, each once and in that
 * order; or cancelled (inställt) before it is held. The anslagsdag opens the appeal window, which the read model derives from it
 * (`overklagandetid`). Every write locks its meeting first, so the writes of one meeting follow
 * one another.
 */
export class SammantradeService extends KommunWriteService {
  async registrera(kommunkod: string, input: NyttSammantradeInput): Promise<Sammantrade> {
    const user = this.authorize(kommunkod, 'registreraSammantrade');
    const plats = optionalText(input.plats, 'plats', 'The plats', 500);
    const borjar = input.borjar ?? null;
    if (borjar && swedishDay(borjar) !== input.datum) {
      throw badUserInput(
        `The meeting begins ${borjar.toISOString()}, on ${swedishDay(borjar)} in Swedish time, not on its day ${input.datum}.`,
        'borjar',
      );
    }
    const punkter = punkterOf(input.dagordning ?? [], 'dagordning');
    return this.db.write(async (m) => {
      const organ = await this.repos.organ.find(m, input.organ);
      if (!organ) throw notFound(`Kommun ${this.kommunkod} has no organ with id ${JSON.stringify(input.organ)}.`, 'organ');
      const id = randomUUID();
      await this.repos.sammantrade.insert(m, {
        id,
        organId: organ.id,
        datum: input.datum,
        borjar,
        plats,
        status: 'PLANERAT',
      });
      const dagordning = await this.skrivDagordning(m, { id, organId: organ.id, datum: input.datum }, punkter, 'dagordning');
      await this.repos.granskning.logga(m, user, 'registreraSammantrade', id, {
        organ: organ.id,
        datum: input.datum,
        ...dagordning,
      });
      return this.repos.sammantrade.find(m, id);
    });
  }

  async andraDagordning(kommunkod: string, id: string, input: DagordningInput): Promise<Sammantrade> {
    const user = this.authorize(kommunkod, 'andraDagordning');
    const punkter = punkterOf(input.punkter, 'punkter');
    return this.db.write(async (m) => {
      const sammantrade = await this.lock(m, id);
      if (sammantrade.status === 'INSTALLT')
        throw conflict(`The meeting ${id} is inställt; it has no dagordning to change.`, 'id');
      const protokoll = await this.repos.sammantrade.protokollIn(m, id);
      if (protokoll?.justeringsdag) {
        throw conflict(
          `The protokoll of the meeting ${id} was justerat on ${protokoll.justeringsdag}; its dagordning can no longer change.`,
          'id',
        );
      }
      const dagordning = await this.skrivDagordning(m, sammantrade, punkter, 'punkter');
      await this.repos.granskning.logga(m, user, 'andraDagordning', id, dagordning);
      return this.repos.sammantrade.find(m, id);
    });
  }

  async stallIn(kommunkod: string, id: string): Promise<Sammantrade> {
    const user = this.authorize(kommunkod, 'stallInSammantrade');
    return this.db.write(async (m) => {
      const sammantrade = await this.lock(m, id);
      if (sammantrade.status !== 'PLANERAT') {
        const state = sammantrade.status === 'INSTALLT' ? 'already inställt' : 'held (GENOMFORT)';
        throw conflict(`The meeting ${id} is ${state}; only a PLANERAT meeting can be cancelled.`, 'id');
      }
      await this.repos.sammantrade.setStatus(m, id, 'INSTALLT');
      await this.repos.granskning.logga(m, user, 'stallInSammantrade', id, {
        organ: sammantrade.organId,
        datum: sammantrade.datum,
      });
      return this.repos.sammantrade.find(m, id);
    });
  }

  async justera(kommunkod: string, id: string, input: JusteringInput, today: string): Promise<Sammantrade> {
    const user = this.authorize(kommunkod, 'justeraProtokoll');
    const justeringsdag = notInFuture(input.justeringsdag, today, 'justeringsdag', 'The justeringsdag');
    const justerare = [...new Set(input.justerare)];
    if (justerare.length === 0)
      throw badUserInput('A protokoll is justerat by at least one member; name them in justerare.', 'justerare');
    if (justerare.length !== input.justerare.length) throw badUserInput('A member is named twice in justerare.', 'justerare');
    if (justerare.length > MAX_JUSTERARE) {
      throw badUserInput(`At most ${MAX_JUSTERARE} justerare, got ${justerare.length}.`, 'justerare');
    }
    return this.db.write(async (m) => {
      const sammantrade = await this.lock(m, id);
      if (sammantrade.status === 'INSTALLT')
        throw conflict(`The meeting ${id} is inställt; it has no protokoll to justera.`, 'id');
      if (!sammantrade.datum) {
        throw conflict(`The meeting ${id} has no known day, so its justering cannot be checked against it.`, 'id');
      }
      const protokoll = await this.repos.sammantrade.protokollIn(m, id);
      if (protokoll?.justeringsdag) {
        throw conflict(`The protokoll of the meeting ${id} was already justerat on ${protokoll.justeringsdag}.`, 'id');
      }
      if (justeringsdag < sammantrade.datum) {
        throw badUserInput(
          `The justeringsdag ${justeringsdag} is before the meeting on ${sammantrade.datum}; a protokoll is justerat after it.`,
          'justeringsdag',
        );
      }
      const found = new Set((await this.repos.ledamot.existing(m, justerare)).map((l) => l.id));
      const unknown = justerare.find((l) => !found.has(l));
      if (unknown) throw notFound(`Kommun ${this.kommunkod} has no member with id ${JSON.stringify(unknown)}.`, 'justerare');
      const seated = await this.repos.ledamot.seatedOn(m, sammantrade.organId, justerare, sammantrade.datum);
      const unseated = justerare.find((l) => !seated.has(l));
      if (unseated) {
        throw badUserInput(
          `The member ${JSON.stringify(unseated)} had no seat in ${sammantrade.organId} on ${sammantrade.datum}; a justerare is one of the organ's members.`,
          'justerare',
        );
      }
      await this.repos.sammantrade.justera(m, id, justeringsdag, justerare);
      if (sammantrade.status !== 'GENOMFORT') await this.repos.sammantrade.setStatus(m, id, 'GENOMFORT');
      await this.repos.granskning.logga(m, user, 'justeraProtokoll', id, { justeringsdag, justerare });
      return this.repos.sammantrade.find(m, id);
    });
  }

  async ansla(kommunkod: string, id: string, input: AnslagInput, today: string): Promise<Sammantrade> {
    const user = this.authorize(kommunkod, 'anslaProtokoll');
    const anslagsdag = notInFuture(input.anslagsdag, today, 'anslagsdag', 'The anslagsdag');
    return this.db.write(async (m) => {
      await this.lock(m, id);
      const protokoll = await this.repos.sammantrade.protokollIn(m, id);
      if (!protokoll?.justeringsdag) {
        throw conflict(`The protokoll of the meeting ${id} is not justerat yet; what is announced is its justering.`, 'id');
      }
      if (protokoll.anslagsdag) {
        throw conflict(
          `The justering of the protokoll of the meeting ${id} was already announced on ${protokoll.anslagsdag}; the appeal window runs from that day.`,
          'id',
        );
      }
      if (anslagsdag < protokoll.justeringsdag) {
        throw badUserInput(
          `The anslagsdag ${anslagsdag} is before the justering on ${protokoll.justeringsdag}; only a justerat protokoll is announced.`,
          'anslagsdag',
        );
      }
      await this.repos.sammantrade.ansla(m, id, anslagsdag);
      await this.repos.granskning.logga(m, user, 'anslaProtokoll', id, {
        anslagsdag,
        overklagandetidSlutar: overklagandetidSlutar(anslagsdag),
      });
      return this.repos.sammantrade.find(m, id);
    });
  }

  private async lock(m: EntityManager, id: string): Promise<Sammantrade> {
    const sammantrade = await this.repos.sammantrade.lock(m, id);
    if (!sammantrade) throw notFound(`Kommun ${this.kommunkod} has no meeting with id ${JSON.stringify(id)}.`, 'id');
    return sammantrade;
  }

  /**
   * Checks the items against what they name and makes them the meeting's dagordning. An item's
   * ärende must exist and not be makulerat; its paragraph must exist, be of the meeting's organ
   * and day and of the item's ärende (which it gives the item when the item names none), and be
   * decided in no other item. Answers what the audit records: counts and keys, never an item's
   * rubrik, which may be restricted content.
   */
  private async skrivDagordning(
    m: EntityManager,
    sammantrade: Pick<Sammantrade, 'id' | 'organId' | 'datum'>,
    punkter: DagordningspunktInput[],
    field: string,
  ): Promise<{ punkter: number; paragrafer: string[] }> {
    const diarienummer = [...new Set(punkter.flatMap((p) => (p.diarienummer ? [p.diarienummer] : [])))].sort();
    for (const d of diarienummer) {
      // In sorted order: concurrent writes that lock the same ärenden cannot deadlock.
      const arende = await this.repos.arende.lock(m, d);
      if (!arende) throw notFound(`Kommun ${this.kommunkod} has no ärende ${d}.`, field);
      if (arende.status === 'MAKULERAT') throw conflict(`Ärende ${d} is makulerat; it is treated at no meeting.`, field);
    }
    const rows: NyDagordningspunkt[] = [];
    for (const [i, punkt] of punkter.entries()) {
      const item = `Item ${i + 1} of the dagordning`;
      let arende = punkt.diarienummer ?? null;
      if (punkt.paragraf) {
        const paragraf = await this.repos.paragraf.find(m, punkt.paragraf);
        if (!paragraf) throw notFound(`${item}: kommun ${this.kommunkod} has no paragraph ${punkt.paragraf}.`, field);
        if (paragraf.organId !== sammantrade.organId) {
          throw badUserInput(`${item}: ${paragraf.beteckning} is not a paragraph of ${sammantrade.organId}.`, field);
        }
        if (paragraf.datum && sammantrade.datum && paragraf.datum !== sammantrade.datum) {
          throw badUserInput(
            `${item}: ${paragraf.beteckning} was decided on ${paragraf.datum}, not at this meeting on ${sammantrade.datum}.`,
            field,
          );
        }
        if (arende && paragraf.diarienummer && paragraf.diarienummer !== arende) {
          throw badUserInput(`${item}: ${paragraf.beteckning} handled ${paragraf.diarienummer}, not ${arende}.`, field);
        }
        arende ??= paragraf.diarienummer;
      }
      rows.push({ rubrik: punkt.rubrik, diarienummer: arende, paragraf: punkt.paragraf ?? null });
    }
    const paragrafer = rows.flatMap((r) => (r.paragraf ? [r.paragraf] : []));
    const elsewhere = [...(await this.repos.sammantrade.motenForParagrafer(m, paragrafer))].find(
      ([, moteId]) => moteId !== sammantrade.id,
    );
    if (elsewhere) throw conflict(`${elsewhere[0]} is already the decision of an item of the meeting ${elsewhere[1]}.`, field);
    if (!(await this.repos.sammantrade.replaceDagordning(m, sammantrade.id, rows))) {
      throw conflict('A paragraph of the dagordning became the decision of another meeting meanwhile; read it again.', field);
    }
    return { punkter: rows.length, paragrafer };
  }
}

/** The items as given, their rubrik trimmed; a paragraph is the decision of one item only. */
function punkterOf(punkter: DagordningspunktInput[], field: string): DagordningspunktInput[] {
  if (punkter.length > MAX_PUNKTER) throw badUserInput(`At most ${MAX_PUNKTER} items, got ${punkter.length}.`, field);
  const seen = new Set<string>();
  return punkter.map((p, i) => {
    const rubrik = requiredText(p.rubrik, field, `The rubrik of item ${i + 1}`, 500);
    if (p.paragraf) {
      if (seen.has(p.paragraf)) throw badUserInput(`${p.paragraf} is named by two items; it decides one.`, field);
      seen.add(p.paragraf);
    }
    return { rubrik, diarienummer: p.diarienummer ?? null, paragraf: p.paragraf ?? null };
  });
}
