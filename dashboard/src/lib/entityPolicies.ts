/**
 * Apollo Client type policies from the supergraph's entity keys (generated into
 * src/generated/entityKeys.ts). An entity is stored once under its key, so that a status change
 * returned by a mutation updates every view that shows the area, and an organ "KS" of Timrå is
 * never merged with Sundsvall's "KS".
 *
 * A selection that lacks a key field (the contract's `organ { kortnamn namn }`) cannot be
 * identified; such an object stays embedded in its parent instead of being normalised.
 */
export interface KeyFieldsPolicy {
  keyFields: (object: Readonly<Record<string, unknown>>) => string[] | false;
}

export function entityTypePolicies(keys: Record<string, readonly string[]>): Record<string, KeyFieldsPolicy> {
  return Object.fromEntries(
    Object.entries(keys).map(([typename, fields]) => [
      typename,
      { keyFields: (object) => (fields.every((field) => object[field] != null) ? [...fields] : false) },
    ]),
  );
}
