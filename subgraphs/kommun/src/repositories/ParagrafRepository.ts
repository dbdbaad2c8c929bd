import { Any, type DataSource } from 'typeorm';
import { ParagrafEntity, type Paragraf } from '../entities/Paragraf';

export class ParagrafRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ParagrafEntity);
  }

  byBeteckning(keys: readonly string[]): Promise<Paragraf[]> {
    return this.repo.findBy({ beteckning: Any([...keys]) });
  }

  /** The paragraphs that handled each of the ärenden, oldest first. */
  byDiarienummer(keys: readonly string[]): Promise<Paragraf[]> {
    return this.repo
      .createQueryBuilder('p')
      .where('p.diarienummer = ANY(:keys)', { keys: [...keys] })
      .orderBy('p.ar', 'ASC')
      .addOrderBy('p.datum', 'ASC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  /** All paragraphs, or those of one year, oldest first. */
  list(ar: number | null): Promise<Paragraf[]> {
    const qb = this.repo.createQueryBuilder('p');
    if (ar !== null) qb.where('p.ar = :ar', { ar });
    return qb.orderBy('p.ar', 'ASC').addOrderBy('p.datum', 'ASC', 'NULLS LAST').addOrderBy('p.id', 'ASC').getMany();
  }
}
