import { batchLoader, manyByKey, oneByKey } from '#subgraph-kit/batch';
import type { Repositories } from '../repositories';

/**
 * One set of loaders per request: every relation and every entity reference goes through one,
 * so the SQL statements of a request do not grow with the number of items it returns.
 */
export function createLoaders(repos: Repositories) {
  return {
    organ: batchLoader('organ', (ids: readonly string[]) =>
      repos.organ.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    arende: batchLoader('arende', (keys: readonly string[]) =>
      repos.arende.byDiarienummer(keys).then((rows) => oneByKey(keys, rows, (r) => r.diarienummer)),
    ),
    arendeStatushistorik: batchLoader('arendeStatushistorik', (keys: readonly string[]) =>
      repos.arende.statushistorik(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    beslutspunkter: batchLoader('beslutspunkter', (keys: readonly string[]) =>
      repos.arende.beslutspunkter(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    handlingar: batchLoader('handlingar', (keys: readonly string[]) =>
      repos.arende.handlingar(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer)),
    ),
    paragraf: batchLoader('paragraf', (keys: readonly string[]) =>
      repos.paragraf.byBeteckning(keys).then((rows) => oneByKey(keys, rows, (r) => r.beteckning)),
    ),
    behandlingar: batchLoader('behandlingar', (keys: readonly string[]) =>
      repos.paragraf.byDiarienummer(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer!)),
    ),
    uppdrag: batchLoader('uppdrag', (ids: readonly string[]) =>
      repos.uppdrag.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    uppdragForArende: batchLoader('uppdragForArende', (keys: readonly string[]) =>
      repos.uppdrag.byDiarienummer(keys).then((rows) => manyByKey(keys, rows, (r) => r.diarienummer!)),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
