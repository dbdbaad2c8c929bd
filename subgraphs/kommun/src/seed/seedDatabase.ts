import type { DataSource } from 'typeorm';
import { seedInserter } from '#subgraph-kit/seedInserter';
import { kommunSeeds } from '../../../../seed/kommuner';
import { ArendeEntity, ArendeInnehallEntity } from '../entities/Arende';
import { ArendeStatusEntity } from '../entities/ArendeStatus';
import { BeslutspunktEntity } from '../entities/Beslutspunkt';
import { HandlingEntity } from '../entities/Handling';
import { OrganEntity } from '../entities/Organ';
import { ParagrafEntity } from '../entities/Paragraf';
import { DagordningspunktEntity, ProtokollEntity, ProtokollsutdragEntity, SammantradeEntity } from '../entities/Sammantrade';
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
    const { insert, insertInOrder } = seedInserter(manager);

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
    // In the document's order: paragraphs without a known date are listed in insertion order.
    await insertInOrder(ParagrafEntity, seed.paragrafer);
    await insert(UppdragEntity, seed.uppdrag);
    for (const { dagordning, protokoll, ...sammantrade } of seed.sammantraden ?? []) {
      const inserted = await insert(SammantradeEntity, [sammantrade]);
      if (inserted.length === 0) continue;
      await insert(DagordningspunktEntity, dagordning.map((punkt) => ({ ...punkt, sammantradeId: sammantrade.id })));
      if (!protokoll) continue;
      const { utdrag, ...rest } = protokoll;
      await insert(ProtokollEntity, [{ ...rest, sammantradeId: sammantrade.id }]);
      await insert(ProtokollsutdragEntity, utdrag.map((u) => ({ ...u, sammantradeId: sammantrade.id })));
    }
  });
}
