import { Any, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { ArendeEntity, type Arende, type Arendestatus } from '../entities/Arende';
import { ArendeStatusEntity, type ArendeStatus } from '../entities/ArendeStatus';
import { BeslutspunktEntity, type Beslutspunkt } from '../entities/Beslutspunkt';
import { HandlingEntity, type Handling } from '../entities/Handling';

export interface ArendeFilter {
  text?: string | null;
  status?: Arendestatus[] | null;
}

/** Position in the list order (registrerad descending, then id descending). */
export interface ArendePosition {
  registrerad: string;
  id: string;
}

export class ArendeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ArendeEntity);
  }

  byDiarienummer(keys: readonly string[]): Promise<Arende[]> {
    return this.repo.findBy({ diarienummer: Any([...keys]) });
  }

  /** Up to `limit` ärenden after `after` in list order. */
  page(filter: ArendeFilter, limit: number, after: ArendePosition | null): Promise<Arende[]> {
    const qb = this.filtered(filter);
    if (after) {
      qb.andWhere('(a.registrerad, a.id) < (:registrerad, :id)', after);
    }
    return qb.orderBy('a.registrerad', 'DESC').addOrderBy('a.id', 'DESC').take(limit).getMany();
  }

  count(filter: ArendeFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: ArendeFilter): SelectQueryBuilder<Arende> {
    const qb = this.repo.createQueryBuilder('a');
    if (filter.text) {
      // Every word must occur in rubrik or beskrivning; ILIKE folds case (å/Å included in UTF-8).
      filter.text
        .split(/\s+/)
        .filter(Boolean)
        .forEach((word, i) => {
          qb.andWhere(`(a.rubrik ILIKE :w${i} OR a.beskrivning ILIKE :w${i})`, { [`w${i}`]: `%${escapeLike(word)}%` });
        });
    }
    if (filter.status?.length) {
      qb.andWhere('a.status = ANY(:status)', { status: filter.status });
    }
    return qb;
  }

  statushistorik(keys: readonly string[]): Promise<ArendeStatus[]> {
    return this.dataSource
      .getRepository(ArendeStatusEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }

  beslutspunkter(keys: readonly string[]): Promise<Beslutspunkt[]> {
    return this.dataSource
      .getRepository(BeslutspunktEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { nummer: 'ASC' } });
  }

  handlingar(keys: readonly string[]): Promise<Handling[]> {
    return this.dataSource
      .getRepository(HandlingEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}
