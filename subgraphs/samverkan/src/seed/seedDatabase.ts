import type { DataSource } from 'typeorm';
import { seedInserter } from '#subgraph-kit/seedInserter';
import { samverkanSeed } from '../../../../seed/samverkan';
import { AvtalEntity } from '../entities/Avtal';
import { AvtalspartEntity } from '../entities/Avtalspart';
import { OmradeArendeEntity } from '../entities/OmradeArende';
import { OmradeBeslutEntity } from '../entities/OmradeBeslut';
import { OmradePartEntity } from '../entities/OmradePart';
import { OmradeStatusEntity } from '../entities/OmradeStatus';
import { SamverkanEntity } from '../entities/Samverkan';
import { SamverkansomradeEntity } from '../entities/Samverkansomrade';
import { SamverkanspartEntity } from '../entities/Samverkanspart';
import { UppfoljningEntity } from '../entities/Uppfoljning';
import { LikalydandeBeslutEntity } from '../entities/LikalydandeBeslut';
import { LikalydandePartEntity } from '../entities/LikalydandePart';
import { likalydandeBeslutSeed } from '../../../../seed/likalydandeBeslut';

/**
 * Loads the seed document's collaboration, in one transaction. Idempotent: a record that exists
 * (by its natural key) is left as it is, and so are its parts, so a restart neither duplicates
 * nor overwrites what users have changed since.
 */
export async function seedDatabase(dataSource: DataSource, seed = samverkanSeed): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const { insert, insertInOrder } = seedInserter(manager);

    const { parter, ...samverkan } = seed.samverkan;
    if ((await insert(SamverkanEntity, [samverkan])).length > 0) {
      await insertInOrder(SamverkanspartEntity, parter.map((p) => ({ ...p, samverkanId: samverkan.id })));
    }

    for (const { parter: omradesparter, statushistorik, beslut, arenden, ...omrade } of seed.omraden) {
      const inserted = await insert(SamverkansomradeEntity, [{ ...omrade, samverkanId: samverkan.id }]);
      if (inserted.length === 0) continue;
      await insert(
        OmradeStatusEntity,
        statushistorik.map(({ beslut: paragraf, ...andring }, i) => ({
          ...andring,
          omradeId: omrade.id,
          ordning: i + 1,
          beslutKommunkod: paragraf?.kommunkod ?? null,
          beslutBeteckning: paragraf?.beteckning ?? null,
        })),
      );
      await insertInOrder(OmradePartEntity, omradesparter.map((kommunkod) => ({ omradeId: omrade.id, kommunkod })));
      await insertInOrder(OmradeBeslutEntity, beslut.map((b) => ({ ...b, omradeId: omrade.id })));
      await insertInOrder(OmradeArendeEntity, arenden.map((a) => ({ ...a, omradeId: omrade.id })));
    }

    for (const { parter: avtalsparter, ...avtal } of seed.avtal) {
      if ((await insert(AvtalEntity, [avtal])).length === 0) continue;
      await insertInOrder(AvtalspartEntity, avtalsparter.map((p) => ({ ...p, avtalId: avtal.id })));
    }

    await insert(
      UppfoljningEntity,
      seed.uppfoljningar.map(({ arende, ...uppfoljning }) => ({
        ...uppfoljning,
        arendeKommunkod: arende?.kommunkod ?? null,
        arendeDiarienummer: arende?.diarienummer ?? null,
      })),
    );

    for (const { parter: beslutsparter, ...beslut } of likalydandeBeslutSeed) {
      if ((await insert(LikalydandeBeslutEntity, [beslut])).length === 0) continue;
      await insertInOrder(LikalydandePartEntity, beslutsparter.map((p) => ({ ...p, beslutId: beslut.id })));
    }
  });
}
