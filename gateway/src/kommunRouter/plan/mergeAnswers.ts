import type { GraphQLFormattedError } from 'graphql';
import { addUpSums } from './addUpSums';
import type { FieldRoute, KommunAnswer, RoutePlan } from '../types';

export interface MergedAnswer {
  data: Record<string, unknown>;
  errors: GraphQLFormattedError[];
}

/**
 * Puts the kommuner's answers together as if one subgraph had answered: root fields in request
 * order, lists concatenated in registry order, sums added up per key, `_entities` back at their
 * original indexes.
 * Error paths are moved to match: an index into `_entities` becomes the original index, an index
 * into a concatenated list is offset by the items of the kommuner before it. Every error that
 * came from or is about a kommun carries `extensions.kommunkod`.
 */
export function mergeAnswers(plan: RoutePlan, answers: readonly KommunAnswer[]): MergedAnswer {
  const byKommun = new Map(answers.map((a) => [a.kommunkod, a]));
  const data: Record<string, unknown> = {};
  const errors: GraphQLFormattedError[] = [...plan.errors];
  // For each kommun and list field, where its first item landed in the merged list.
  const offsets = new Map<string, number>();
  const fieldsByKey = new Map(plan.fields.map((f) => [f.responseKey, f]));
  const valueOf = (kommunkod: string, key: string): unknown => {
    const answer = byKommun.get(kommunkod);
    return answer?.ok ? answer.data?.[key] : undefined;
  };

  for (const field of plan.fields) {
    switch (field.kind) {
      case 'local':
        data[field.responseKey] = field.value;
        break;
      case 'single':
        data[field.responseKey] = field.targets.map((k) => valueOf(k, field.responseKey)).find((v) => v != null) ?? null;
        break;
      case 'list': {
        const merged: unknown[] = [];
        for (const kommunkod of field.targets) {
          const items = valueOf(kommunkod, field.responseKey);
          offsets.set(`${kommunkod}\u0000${field.responseKey}`, merged.length);
          if (Array.isArray(items)) merged.push(...items);
        }
        data[field.responseKey] = merged;
        break;
      }
      case 'sum':
        data[field.responseKey] = addUpSums(
          field.targets.map((k) => valueOf(k, field.responseKey)),
          field.shape,
        );
        break;
      case 'entities': {
        const merged: unknown[] = new Array(field.count).fill(null);
        for (const kommunkod of field.targets) {
          const items = valueOf(kommunkod, field.responseKey);
          field.indexes.get(kommunkod)!.forEach((original, i) => {
            merged[original] = Array.isArray(items) ? (items[i] ?? null) : null;
          });
        }
        data[field.responseKey] = merged;
        break;
      }
    }
  }

  for (const answer of answers) {
    if (!answer.ok) {
      errors.push({ ...answer.error, path: firstPathOf(plan.fields, answer.kommunkod) });
      continue;
    }
    for (const error of answer.errors ?? []) {
      errors.push({
        ...error,
        // An error about the kommun's whole answer (KOMMUN_STALE) shows where its data starts.
        path: error.path
          ? remapPath(error.path, answer.kommunkod, fieldsByKey, offsets)
          : firstPathOf(plan.fields, answer.kommunkod),
        extensions: { ...error.extensions, kommunkod: error.extensions?.kommunkod ?? answer.kommunkod },
      });
    }
  }
  return { data, errors };
}

function remapPath(
  path: readonly (string | number)[] | undefined,
  kommunkod: string,
  fields: Map<string, FieldRoute>,
  offsets: Map<string, number>,
): (string | number)[] | undefined {
  if (path && fields.get(path[0] as string)?.kind === 'sum') {
    // A row of one kommun has no place of its own among the sums: the error points at its list.
    const index = path.findIndex((p) => typeof p === 'number');
    return index < 0 ? [...path] : path.slice(0, index);
  }
  if (!path || path.length < 2 || typeof path[1] !== 'number') return path ? [...path] : undefined;
  const field = fields.get(path[0] as string);
  const [key, index, ...rest] = path as [string, number, ...(string | number)[]];
  if (field?.kind === 'entities') {
    const original = field.indexes.get(kommunkod)?.[index];
    return original === undefined ? [...path] : [key, original, ...rest];
  }
  if (field?.kind === 'list') {
    return [key, index + (offsets.get(`${kommunkod}\u0000${key}`) ?? 0), ...rest];
  }
  return [...path];
}

/** Where a kommun's failure shows: the first place in the answer that lacks its data. */
function firstPathOf(fields: readonly FieldRoute[], kommunkod: string): (string | number)[] | undefined {
  for (const field of fields) {
    if (field.kind === 'local' || !field.targets.includes(kommunkod)) continue;
    if (field.kind === 'entities') return [field.responseKey, field.indexes.get(kommunkod)![0]];
    return [field.responseKey];
  }
  return undefined;
}
