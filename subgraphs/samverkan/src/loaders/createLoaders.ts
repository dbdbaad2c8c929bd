import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '#subgraph-kit/batch';
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
    samverkan: new DataLoader((ids: readonly string[]) =>
      repos.samverkan.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    samverkanParter: new DataLoader((ids: readonly string[]) =>
      repos.samverkan.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    uppfoljningar: new DataLoader((ids: readonly string[]) =>
      repos.samverkan.uppfoljningar(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    omrade: new DataLoader((ids: readonly string[]) => repos.omrade.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id))),
    omradenForSamverkan: new DataLoader((ids: readonly string[]) =>
      repos.omrade.bySamverkan(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    omradeStatushistorik: new DataLoader((ids: readonly string[]) =>
      repos.omrade.statushistorik(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeParter: new DataLoader((ids: readonly string[]) =>
      repos.omrade.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeBeslut: new DataLoader((ids: readonly string[]) =>
      repos.omrade.beslut(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradeArenden: new DataLoader((ids: readonly string[]) =>
      repos.omrade.arenden(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    omradenForKommun: new DataLoader((kommunkoder: readonly string[]) =>
      repos.omrade
        .forKommuner(kommunkoder)
        .then((rows) => manyByKey(kommunkoder, rows, (r) => r.kommunkod).map((list) => list.map((r) => r.omrade))),
    ),
    omradenForArende: new DataLoader(
      (keys: readonly ArendeKey[]) =>
        repos.omrade
          .forArenden(keys)
          .then((rows) => manyByKey(keys.map(arendeKey), rows, arendeKey).map((list) => list.map((r) => r.omrade))),
      { cacheKeyFn: arendeKey },
    ),
    avtal: new DataLoader((ids: readonly string[]) => repos.avtal.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id))),
    avtalForOmrade: new DataLoader((ids: readonly string[]) =>
      repos.avtal.byOmrade(ids).then((rows) => manyByKey(ids, rows, (r) => r.omradeId)),
    ),
    likalydandeBeslut: new DataLoader((ids: readonly string[]) =>
      repos.likalydande.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    likalydandeForSamverkan: new DataLoader((ids: readonly string[]) =>
      repos.likalydande.bySamverkan(ids).then((rows) => manyByKey(ids, rows, (r) => r.samverkanId)),
    ),
    likalydandeParter: new DataLoader((ids: readonly string[]) =>
      repos.likalydande.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.beslutId)),
    ),
    avtalsparter: new DataLoader((ids: readonly string[]) =>
      repos.avtal.parter(ids).then((rows) => manyByKey(ids, rows, (r) => r.avtalId)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
