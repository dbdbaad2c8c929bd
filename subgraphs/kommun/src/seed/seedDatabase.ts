import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { kommunSeeds } from '../../../../seed/kommuner';
import { ArendeEntity, ArendeInnehallEntity } from '../entities/Arende';
import { ArendeStatusEntity } from '../entities/ArendeStatus';
import { BeslutspunktEntity } from '../entities/Beslutspunkt';
import { HandlingEntity } from '../entities/Handling';
import { OrganEntity } from '../entities/Organ';
import { ParagrafEntity } from '../entities/Paragraf';
import { UppdragEntity } from '../entities/Uppdrag';

/**
 * Loads the seed document's facts for this kommun, in one transaction. Idempotent: a record that
 * exists (by its natural key) is left as it is, so a restart neither duplicates nor overwrites
 * what users have changed since.
 */
export async function seedDatabase(dataSource: DataSource, kommunkod: string): Promise<void> {
  const seed = kommunSeeds[kommunkod];
  if (!seed) return;
  await dataSource.transaction(async (manager) => {
    const insert = (entity: EntityTarget<ObjectLiteral>, values: ObjectLiteral[]) =>
      values.length === 0
        ? Promise.resolve([] as Record<string, unknown>[])
        : manager
            .createQueryBuilder()
            .insert()
            .into(entity)
            .values(values)
            .orIgnore()
            .returning('*')
            .execute()
            .then((result) => result.raw as Record<string, unknown>[]);

    await insert(OrganEntity, seed.organ);
    for (const { forslagTillBeslut, handlingar, rubrik, beskrivning, ...arende } of seed.arenden) {
      const inserted = await insert(ArendeEntity, [arende]);
      if (inserted.length === 0) continue;
      await insert(ArendeInnehallEntity, [{ diarienummer: arende.diarienummer, rubrik, beskrivning }]);
      await insert(ArendeStatusEntity, [{ diarienummer: arende.diarienummer, status: arende.status, datum: arende.registrerad }]);
      await insert(
        BeslutspunktEntity,
        forslagTillBeslut.map((text, i) => ({ diarienummer: arende.diarienummer, nummer: i + 1, text })),
      );
      await insert(HandlingEntity, handlingar.map((h) => ({ ...h, diarienummer: arende.diarienummer })));
    }
    // One at a time so that insertion order (the id) follows the document's order.
    for (const paragraf of seed.paragrafer) await insert(ParagrafEntity, [paragraf]);
    await insert(UppdragEntity, seed.uppdrag);
  });
}
