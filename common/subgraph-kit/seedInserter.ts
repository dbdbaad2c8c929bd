import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Inserts for an idempotent seed: a row whose key exists is left as it is (ON CONFLICT DO
 * NOTHING), and the rows actually inserted come back, so a caller can add a record's parts only
 * when the record itself is new.
 */
export function seedInserter(manager: EntityManager) {
  const insert = async (entity: EntityTarget<ObjectLiteral>, values: ObjectLiteral[]): Promise<Record<string, unknown>[]> => {
    if (values.length === 0) return [];
    const result = await manager.createQueryBuilder().insert().into(entity).values(values).orIgnore().returning('*').execute();
    return result.raw as Record<string, unknown>[];
  };
  /** One row at a time, where the insertion order (an identity column) is the order lists are shown in. */
  const insertInOrder = async (entity: EntityTarget<ObjectLiteral>, values: ObjectLiteral[]) => {
    for (const value of values) await insert(entity, [value]);
  };
  return { insert, insertInOrder };
}
