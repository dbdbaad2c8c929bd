import { batchLoader, manyByKey, oneByKey } from '#subgraph-kit/batch';
import type { Repositories } from '../repositories';
import type { ArendeKey } from '../repositories/OmradeRepository';

// An ärende's key has two parts; DataLoader and manyByKey compare one primitive.
const arendeKey = (key: ArendeKey) => JSON.stringify([key.kommunkod, key.diarienummer]);

/**
 * One set of loaders per request: every relation and every entity reference goes through one,
 * so the SQL statements of a request do not grow with the number of items it returns.
 */
export function createLoaders(repos: Repositories) {
  return {
    samverkan: batchLoader('samverkan', (ids: readonly string[]) =>
      repos.samverkan.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    samverkanParter: batchLoader('samverkanParter', (ids: readonly string[]) =>
      repos.samverkan.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    uppfoljningar: batchLoader('uppfoljningar', (ids: readonly string[]) =>
      repos.samverkan.uppfoljningar(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    omrade: batchLoader('omrade', (ids: readonly string[]) =>
      repos.omrade.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    omradenForSamverkan: batchLoader('omradenForSamverkan', (ids: readonly string[]) =>
      repos.omrade.bySamverkan(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    omradeStatushistorik: batchLoader('omradeStatushistorik', (ids: readonly string[]) =>
      repos.omrade.statushistorik(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeParter: batchLoader('omradeParter', (ids: readonly string[]) =>
      repos.omrade.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeBeslut: batchLoader('omradeBeslut', (ids: readonly string[]) =>
      repos.omrade.beslut(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeArenden: batchLoader('omradeArenden', (ids: readonly string[]) =>
      repos.omrade.arenden(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradenForKommun: batchLoader('omradenForKommun', (kommunkoder: readonly string[]) =>
      repos.omrade
        .forKommuner(kommunkoder)
        .then((rows) => manyByKey(kommunkoder, rows, (r) => r.kommunkod).map((list) => list.map((r) => r.omrade))),
    ),
    omradenForArende: batchLoader(
      'omradenForArende',
      (keys: readonly ArendeKey[]) =>
        repos.omrade
          .forArenden(keys)
          .then((rows) => manyByKey(keys.map(arendeKey), rows, arendeKey).map((list) => list.map((r) => r.omrade))),
      { cacheKeyFn: arendeKey },
    ),
    avtal: batchLoader('avtal', (ids: readonly string[]) =>
      repos.avtal.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    avtalForOmrade: batchLoader('avtalForOmrade', (ids: readonly string[]) =>
      repos.avtal.byOmrade(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    likalydandeBeslut: batchLoader('likalydandeBeslut', (ids: readonly string[]) =>
      repos.likalydande.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    likalydandeForSamverkan: batchLoader('likalydandeForSamverkan', (ids: readonly string[]) =>
      repos.likalydande.bySamverkan(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    likalydandeParter: batchLoader('likalydandeParter', (ids: readonly string[]) =>
      repos.likalydande.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.beslutId)),
    ),
    avtalsparter: batchLoader('avtalsparter', (ids: readonly string[]) =>
      repos.avtal.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.avtalId)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
