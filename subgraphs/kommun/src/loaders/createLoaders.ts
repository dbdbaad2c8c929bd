import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '#subgraph-kit/batch';
import type { Repositories } from '../repositories';

/**
 * One set of loaders per request: every relation and every entity reference goes through one,
 * so the SQL statements of a request do not grow with the number of items it returns.
 */
export function createLoaders(repos: Repositories) {
  return {
    organ: new DataLoader((ids: readonly string[]) => repos.organ.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id))),
    arende: new DataLoader((keys: readonly string[]) =>
      repos.arende.byDiarienummer(keys).then((rows) => oneByKey(keys, rows, (r) => r.diarienummer)),
    ),
    arendeStatushistorik: new DataLoader((keys: readonly string[]) =>
      repos.arende.statushistorik(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    beslutspunkter: new DataLoader((keys: readonly string[]) =>
      repos.arende.beslutspunkter(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    handlingar: new DataLoader((keys: readonly string[]) =>
      repos.arende.handlingar(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    paragraf: new DataLoader((keys: readonly string[]) =>
      repos.paragraf.byBeteckning(keys).then((rows) => oneByKey(keys, rows, (r) => r.beteckning)),
    ),
    behandlingar: new DataLoader((keys: readonly string[]) =>
      repos.paragraf.byDiarienummer(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer!)),
    ),
    uppdrag: new DataLoader((ids: readonly string[]) =>
      repos.uppdrag.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    uppdragForArende: new DataLoader((keys: readonly string[]) =>
      repos.uppdrag.byDiarienummer(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer!)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
