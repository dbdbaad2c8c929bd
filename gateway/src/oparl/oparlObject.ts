import type { Tombstone } from './oparlGraph';
import { oparlType } from './oparlUrls';

/** An OParl object as served: `id`, `type`, and the rest of its fields. */
export type OparlObject = { id: string; type: string; modified?: string; created?: string; deleted?: boolean } & Record<
  string,
  unknown
>;

/** A deleted object as OParl 1.1 keeps it: id, type, `deleted` and `modified` at the deletion. */
export const deletedObject = (id: string, type: string, tombstone: Tombstone): OparlObject => ({
  id,
  type: oparlType(type),
  deleted: true,
  modified: tombstone.borttagen,
});

/** Drops the fields whose value is null or undefined or an empty list: OParl leaves out what is not known. */
export function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, value]) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

/** The newest of each key (a feed read from its start may hold an object once per change). */
export function latestByKey<T>(nodes: T[], keyOf: (node: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const node of nodes) {
    byKey.delete(keyOf(node));
    byKey.set(keyOf(node), node);
  }
  return [...byKey.values()];
}

/** The tombstones of keys that are not alive again, the latest of each. */
export function deadTombstones(borttagna: Tombstone[], alive: Set<string>): Tombstone[] {
  return latestByKey(borttagna, (t) => t.id).filter((t) => !alive.has(t.id));
}
