import type { GraphQLSchema } from 'graphql';
import type { Caller } from '#platform/auth/caller';

/** The level of a rule, as RFC 2119 and the GraphQL-over-HTTP audit use them. */
export type Level = 'MUST' | 'SHOULD';

export type Outcome =
  { status: 'pass'; note?: string } | { status: 'fail'; evidence: string } | { status: 'skip'; reason: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an answer is JSON of any shape; each rule checks what it reads
type Json = any;

export interface GraphQLAnswer {
  status: number;
  data?: Record<string, Json> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, Json> }[];
}

/** Who the kit asks as: nobody (no token), an anonymous reader, or a user of some kommun. */
export type Asker =
  { token: 'none' } | { token: 'internal'; caller: Caller | null; audience?: string } | { token: 'raw'; value: string };

/** What every rule gets: the implementation under test and the contract it is held to. */
export interface KitContext {
  url: string;
  kommunkod: string;
  /** A kommunkod that is not the one under test, in another län. */
  otherKommunkod: string;
  /** The contract: schema/kommun.graphql, built as a subgraph schema. */
  contract: GraphQLSchema;
  contractSdl: string;
  /** Whether rules may write to the kommun (`--write`): only then is a change on the sync feed exercised. */
  write: boolean;
  ask(asker: Asker, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
  /** As an anonymous reader, the way the gateway asks for a caller without a user. */
  read(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
  /** As a HANDLAGGARE of the kommun under test, who may read restricted content and write. */
  readAsOfficer(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
}

export interface Rule {
  /** Stable name, printed in the report and asserted by tests. */
  name: string;
  level: Level;
  /** What the contract asks, in one sentence. */
  description: string;
  check(ctx: KitContext): Promise<Outcome>;
}

export const pass = (note?: string): Outcome => ({ status: 'pass', ...(note ? { note } : {}) });
export const fail = (evidence: string): Outcome => ({ status: 'fail', evidence });
export const skip = (reason: string): Outcome => ({ status: 'skip', reason });

/** The first error's code and message, for evidence. */
export function describeErrors(answer: GraphQLAnswer): string {
  if (!answer.errors?.length) return `HTTP ${answer.status}, no errors`;
  const e = answer.errors[0];
  return `HTTP ${answer.status}, ${answer.errors.length} error(s), first: ${String(e.extensions?.code ?? 'no code')} "${e.message.slice(0, 160)}"`;
}

/** Throws a failure with evidence when an answer has errors where the rule needs data. */
export class Evidence extends Error {}
export function dataOf(answer: GraphQLAnswer, what: string): Record<string, Json> {
  if (answer.errors?.length || !answer.data) throw new Evidence(`${what}: ${describeErrors(answer)}`);
  return answer.data;
}
