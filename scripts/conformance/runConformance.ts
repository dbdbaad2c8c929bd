import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { JWK } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { InternalTokenSigner, kommunAudience } from '#platform/auth/internalToken';
import { readSubgraphSdl } from '#platform/supergraph';
import { Evidence, type Asker, type GraphQLAnswer, type KitContext, type Level, type Outcome, type Rule } from './kit';
import { rules as allRules } from './rules';

export interface ConformanceOptions {
  url: string;
  kommunkod: string;
  /** The private key the gateway signs internal tokens with (a JWK). */
  internalKey: JWK;
  /** Let rules write to the kommun (one ärende is registered). */
  write?: boolean;
  /** Per request; a kommun that hangs fails the rule that asked. */
  timeoutMs?: number;
  rules?: readonly Rule[];
}

export type RuleResult = { name: string; level: Level; description: string } & Outcome;

/** The implementation gave no answer: no connection, or none in time. */
class Unreachable extends Error {}

/** A kommunkod of another län than the one under test, for the calls that must answer nothing. */
const otherKommunOf = (kommunkod: string) => (kommunkod.startsWith('01') ? '2480' : '0180');

async function post(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
  timeoutMs: number,
): Promise<GraphQLAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const why = cause?.code ?? cause?.message;
    throw new Unreachable(`${(error as Error).message}${why ? ` (${why})` : ''}`);
  }
  const text = await response.text();
  try {
    const body = JSON.parse(text) as Omit<GraphQLAnswer, 'status'>;
    return { status: response.status, data: body.data, errors: body.errors };
  } catch {
    return { status: response.status, errors: [{ message: `not JSON: ${text.slice(0, 120)}`, extensions: {} }] };
  }
}

/** Runs every rule against one kommun implementation, one after the other, and answers each rule's outcome. */
export async function runConformance(options: ConformanceOptions): Promise<RuleResult[]> {
  const signer = await InternalTokenSigner.fromJwk(options.internalKey);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const contractSdl = readSubgraphSdl('kommun');
  const officer: Caller = { sub: 'konformanskontroll', kommunkod: options.kommunkod, roller: ['HANDLAGGARE'] };
  const ask = async (asker: Asker, query: string, variables: Record<string, unknown> = {}) => {
    const headers: Record<string, string> = {};
    if (asker.token === 'raw') headers.authorization = `Bearer ${asker.value}`;
    if (asker.token === 'internal') {
      headers.authorization = `Bearer ${await signer.sign(asker.audience ?? kommunAudience(options.kommunkod), asker.caller)}`;
    }
    return post(options.url, headers, query, variables, timeoutMs);
  };
  const ctx: KitContext = {
    url: options.url,
    kommunkod: options.kommunkod,
    otherKommunkod: otherKommunOf(options.kommunkod),
    contract: buildSubgraphSchema({ typeDefs: parse(contractSdl) }),
    contractSdl,
    write: options.write ?? false,
    ask,
    read: (query, variables) => ask({ token: 'internal', caller: null }, query, variables),
    readAsOfficer: (query, variables) => ask({ token: 'internal', caller: officer }, query, variables),
  };
  const results: RuleResult[] = [];
  let unreachable: string | undefined;
  for (const rule of options.rules ?? allRules) {
    let outcome: Outcome;
    if (unreachable) {
      outcome = { status: 'skip', reason: `the implementation did not answer an earlier rule (${unreachable})` };
    } else {
      try {
        outcome = await rule.check(ctx);
      } catch (error) {
        // A rule that cannot read what it needs fails with what it got: an answer with errors, a hang, no JSON.
        if (error instanceof Evidence) outcome = { status: 'fail', evidence: error.message };
        else {
          const message = (error as Error).message;
          // No connection or no answer in time: the rules after it would only say the same.
          if (error instanceof Unreachable) unreachable = message;
          outcome = { status: 'fail', evidence: `the rule could not run: ${message}` };
        }
      }
    }
    results.push({ name: rule.name, level: rule.level, description: rule.description, ...outcome });
  }
  return results;
}

/** Whether the implementation conforms: no MUST failed. */
export const conforms = (results: RuleResult[]) => !results.some((r) => r.level === 'MUST' && r.status === 'fail');
