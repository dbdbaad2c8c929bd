import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '#subgraph-kit/batch';
import type { Repositories } from '../repositories';
import type { Period } from '../repositories/SammantradeRepository';

/**
 * One loader per distinct set of field arguments (a period, a day): fields with arguments batch
 * their parents' keys like any relation, and different arguments never share an answer.
 */
function perArguments<A, L>(make: (args: A) => L): (args: A) => L {
  const made = new Map<string, L>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = made.get(key);
    if (!loader) made.set(key, (loader = make(args)));
    return loader;
  };
}

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
    sammantrade: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    sammantradeForParagraf: new DataLoader((keys: readonly string[]) =>
      repos.sammantrade.byParagraf(keys).then((rows) => oneByKey(keys, rows, (r) => r.paragraf)),
    ),
    sammantradenForOrgan: perArguments(
      (period: Period) =>
        new DataLoader((ids: readonly string[]) =>
          repos.sammantrade.byOrganIds(ids, period).then((rows) => manyByKey(ids, rows, (r) => r.organId)),
        ),
    ),
    dagordning: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.dagordning(ids).then((rows) => manyByKey(ids, rows, (r) => r.sammantradeId)),
    ),
    protokoll: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.protokoll(ids).then((rows) => oneByKey(ids, rows, (r) => r.sammantradeId)),
    ),
    protokollsutdrag: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.utdrag(ids).then((rows) => manyByKey(ids, rows, (r) => r.sammantradeId)),
    ),
    justerare: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.justerare(ids).then((rows) => manyByKey(ids, rows, (r) => r.sammantradeId)),
    ),
    narvarande: new DataLoader((ids: readonly string[]) =>
      repos.sammantrade.narvarande(ids).then((rows) => manyByKey(ids, rows, (r) => r.sammantradeId)),
    ),
    ledamot: new DataLoader((ids: readonly string[]) =>
      repos.ledamot.byIds(ids).then((rows) => oneByKey(ids, rows, (r) => r.id)),
    ),
    ledamotskapForLedamot: new DataLoader((ids: readonly string[]) =>
      repos.ledamot.byLedamot(ids).then((rows) => manyByKey(ids, rows, (r) => r.ledamotId)),
    ),
    ledamotskapForOrgan: perArguments(
      (per: string | null) =>
        new DataLoader((ids: readonly string[]) =>
          repos.ledamot.byOrgan(ids, per).then((rows) => manyByKey(ids, rows, (r) => r.organId)),
        ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
