import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { ParagrafEntity, type Paragraf, type Utfall } from '../entities/Paragraf';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

/** The paragraphs on the sync feed, known by their beteckning. */
const PARAGRAFER: FeedList = { lista: 'paragrafer', typ: 'Paragraf', table: 'paragraf', key: 'beteckning' };

export type NyParagraf = Omit<Paragraf, 'id' | 'illustrativaFalt' | 'uppdaterad'>;

export class ParagrafRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(ParagrafEntity);
  }

  async byBeteckning(keys: readonly string[]): Promise<Paragraf[]> {
    return (await this.repo()).findBy({ beteckning: Any([...keys]) });
  }

  /** The paragraphs that handled each of the ärenden, oldest first. */
  async byDiarienummer(keys: readonly string[]): Promise<Paragraf[]> {
    return (await this.repo())
      .createQueryBuilder('p')
      .where('p.diarienummer = ANY(:keys)', { keys: [...keys] })
      .orderBy('p.ar', 'ASC')
      .addOrderBy('p.datum', 'ASC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  /** All paragraphs, or those of one year, oldest first. */
  async list(ar: number | null): Promise<Paragraf[]> {
    const qb = (await this.repo()).createQueryBuilder('p');
    if (ar !== null) qb.where('p.ar = :ar', { ar });
    return qb.orderBy('p.ar', 'ASC').addOrderBy('p.datum', 'ASC', 'NULLS LAST').addOrderBy('p.id', 'ASC').getMany();
  }

  /** The paragraphs changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Paragraf>> {
    return this.feed.read(PARAGRAFER, args, async (keys) => oneByKey(keys, await this.byBeteckning(keys), (r) => r.beteckning));
  }

  /** One paragraph, read in the caller's transaction; null when there is none. */
  find(m: EntityManager, beteckning: string): Promise<Paragraf | null> {
    return m.getRepository(ParagrafEntity).findOneBy({ beteckning });
  }

  /** Inserts the paragraph; null when its beteckning or its number in organ and year is taken. */
  async insert(m: EntityManager, p: NyParagraf): Promise<Paragraf | null> {
    const rows = await queryRows<Record<string, unknown>>(
      m,
      `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, datum, rubrik, beslutstext, utfall, diarienummer)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [p.beteckning, p.organId, p.ar, p.nummer, p.datum, p.rubrik, p.beslutstext, p.utfall, p.diarienummer],
    );
    return rows.length ? toParagraf(rows[0]) : null;
  }
}

function toParagraf(raw: Record<string, unknown>): Paragraf {
  return {
    id: String(raw.id),
    beteckning: raw.beteckning as string,
    organId: raw.organ_id as string,
    ar: Number(raw.ar),
    nummer: raw.nummer === null ? null : Number(raw.nummer),
    datum: raw.datum as string | null,
    rubrik: raw.rubrik as string | null,
    beslutstext: raw.beslutstext as string | null,
    utfall: raw.utfall as Utfall | null,
    diarienummer: raw.diarienummer as string | null,
    illustrativaFalt: raw.illustrativa_falt as string[],
    uppdaterad: raw.uppdaterad as Date,
  };
}
