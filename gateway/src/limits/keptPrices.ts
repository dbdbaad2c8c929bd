import type { DocumentNode } from 'graphql';
import { priceOperations, type Price, type PricingOptions } from './priceOperations';

/** Prices kept per document: one per set of values its pricing read, up to this many. */
const KEPT_PER_DOCUMENT = 64;

interface Kept {
  /** The variables the first kept pricing read, in the order it read them. */
  names: readonly string[];
  /** The registry the prices were made under (`KommunerCalled.registry`). */
  registry: unknown;
  prices: Map<string, Price>;
}

const UNDEFINED = '\u0000';
const keyOf = (names: readonly string[], variables: Readonly<Record<string, unknown>>) =>
  names.map((name) => (variables[name] === undefined ? UNDEFINED : JSON.stringify(variables[name]))).join('\u0001');

/**
 * `priceOperations`, remembered per parsed document: a request that differs only in variables
 * the price does not read (a date in a filter) gets the price already made. Pricing is a walk
 * of the document that decides only by the document, the registry and the values of the
 * variables it reads, so the same values of the same variables give the same walk, reading the
 * same variables, and the same price. A pricing is kept under the values it read when it read
 * the same variables as the first; its registry must be the one in force, and a pricing whose
 * `kommunerCalled` names no registry, or that enumerated the variables, is not kept.
 */
export function keptPrices(): (document: DocumentNode, options: PricingOptions) => Price {
  const kept = new WeakMap<DocumentNode, Kept>();
  return (document, options) => {
    const registry = options.kommunerCalled.registry?.();
    if (registry === undefined) return priceOperations(document, options);
    let entry = kept.get(document);
    if (entry && entry.registry !== registry) entry = undefined;
    const key = entry && keyOf(entry.names, options.variables);
    const known = key === undefined ? undefined : entry!.prices.get(key);
    if (known) return known;
    const names: string[] = [];
    let enumerated = false;
    const variables = options.variables;
    const watched = new Proxy(variables, {
      get(target, name) {
        if (typeof name === 'string' && !names.includes(name)) names.push(name);
        return Reflect.get(target, name);
      },
      has(target, name) {
        enumerated = true;
        return Reflect.has(target, name);
      },
      ownKeys(target) {
        enumerated = true;
        return Reflect.ownKeys(target);
      },
      getOwnPropertyDescriptor(target, name) {
        enumerated = true;
        return Reflect.getOwnPropertyDescriptor(target, name);
      },
    });
    const price = priceOperations(document, { ...options, variables: watched });
    if (enumerated) return price;
    if (!entry) {
      entry = { names, registry, prices: new Map() };
      kept.set(document, entry);
    }
    if (entry.names.length === names.length && entry.names.every((name, i) => name === names[i])) {
      if (entry.prices.size >= KEPT_PER_DOCUMENT) entry.prices.clear();
      entry.prices.set(keyOf(names, variables), price);
    }
    return price;
  };
}
