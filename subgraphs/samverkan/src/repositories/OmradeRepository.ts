import { Any, type DataSource } from 'typeorm';
import { OmradeArendeEntity, type OmradeArende } from '../entities/OmradeArende';
import { OmradeBeslutEntity, type OmradeBeslut } from '../entities/OmradeBeslut';
import { OmradePartEntity, type OmradePart } from '../entities/OmradePart';
import { OmradeStatusEntity, type OmradeStatus } from '../entities/OmradeStatus';
import { SamverkansomradeEntity, type Samverkansomrade } from '../entities/Samverkansomrade';

/** The key of an ärende in a kommun's subgraph. */
export interface ArendeKey {
  kommunkod: string;
  diarienummer: string;
}

export class OmradeRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SamverkansomradeEntity);
  }

  byIds(ids: readonly string[]): Promise<Samverkansomrade[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  /** The areas of each collaboration, by name. */
  bySamverkan(samverkanIds: readonly string[]): Promise<Samverkansomrade[]> {
    return this.repo.find({ where: { samverkanId: Any([...samverkanIds]) }, order: { namn: 'ASC', id: 'ASC' } });
  }

  /** Each area's status changes, oldest first. */
  statushistorik(omradeIds: readonly string[]): Promise<OmradeStatus[]> {
    return this.dataSource
      .getRepository(OmradeStatusEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { datum: 'ASC', ordning: 'ASC' } });
  }

  parter(omradeIds: readonly string[]): Promise<OmradePart[]> {
    return this.dataSource
      .getRepository(OmradePartEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  beslut(omradeIds: readonly string[]): Promise<OmradeBeslut[]> {
    return this.dataSource
      .getRepository(OmradeBeslutEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  arenden(omradeIds: readonly string[]): Promise<OmradeArende[]> {
    return this.dataSource
      .getRepository(OmradeArendeEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  // The joins name the entity: TypeORM's join-and-map takes a class or a name, not an EntitySchema.

  /** The areas each kommun takes part in, by name: one row per kommun and area. */
  async forKommuner(kommunkoder: readonly string[]): Promise<(OmradePart & { omrade: Samverkansomrade })[]> {
    const rows = await this.dataSource
      .getRepository(OmradePartEntity)
      .createQueryBuilder('p')
      .innerJoinAndMapOne('p.omrade', SamverkansomradeEntity.options.name, 'o', 'o.id = p.omradeId')
      .where('p.kommunkod = ANY(:kommunkoder)', { kommunkoder: [...kommunkoder] })
      .orderBy('o.namn', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    return rows as (OmradePart & { omrade: Samverkansomrade })[];
  }

  /** The areas each ärende concerns, by name: one row per ärende and area. */
  async forArenden(keys: readonly ArendeKey[]): Promise<(OmradeArende & { omrade: Samverkansomrade })[]> {
    const rows = await this.dataSource
      .getRepository(OmradeArendeEntity)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.omrade', SamverkansomradeEntity.options.name, 'o', 'o.id = a.omradeId')
      // Two parallel arrays zipped by unnest keep it one statement whatever the batch size.
      .where(
        '(a.kommunkod, a.diarienummer) IN (SELECT * FROM unnest(CAST(:kommunkoder AS text[]), CAST(:diarienummer AS text[])))',
        { kommunkoder: keys.map((k) => k.kommunkod), diarienummer: keys.map((k) => k.diarienummer) },
      )
      .orderBy('o.namn', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    return rows as (OmradeArende & { omrade: Samverkansomrade })[];
  }
}
