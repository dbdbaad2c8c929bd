import DataLoader from 'dataloader';
import { dataLoaderBatchSize } from '#platform/telemetry/metrics';

/**
 * A request's DataLoader whose batches are observed by size under `name`
 * (kommungraf_dataloader_batch_size): a batch of one key, often, is a relation that is not batched.
 */
export function batchLoader<K, V, C = K>(
  name: string,
  load: (keys: readonly K[]) => Promise<V[]>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  return new DataLoader((keys: readonly K[]) => {
    dataLoaderBatchSize.observe({ loader: name }, keys.length);
    return load(keys);
  }, options);
}

/**
 * Helpers that shape a batch query's rows into what DataLoader expects: one result per key,
 * in the order of the keys.
 */

/** One row (or null) per key, for a lookup by unique key. */
export function oneByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): (R | null)[] {
  const byKey = new Map<K, R>();
  for (const row of rows) byKey.set(keyOf(row), row);
  return keys.map((key) => byKey.get(key) ?? null);
}

/** A list per key (empty when none), for a one-to-many relation; rows keep the query's order. */
export function manyByKey<K, R>(keys: readonly K[], rows: readonly R[], keyOf: (row: R) => K): R[][] {
  const byKey = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
