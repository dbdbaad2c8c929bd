import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextResponseForOperation } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import { accessScopeOf } from '#platform/auth/accessScope';
import { ErrorCode } from '#platform/errors';
import type { GatewayContext } from '../errorPolicy';
import { heapBytes, type AnswerRecorder, type KommunAnswerStore } from '../kommunRouter';

/** Bytes of kept answers' UTF-8 encodings held for the HTTP front, with their texts, by default. */
export const DEFAULT_MAX_ENCODED_BYTES = 8 * 2 ** 20;

/** Errors a kept whole answer may carry: the same for every caller of its scope until it runs out. */
const KEEPABLE_ERRORS = new Set<unknown>([ErrorCode.FORBIDDEN, ErrorCode.KOMMUN_STALE]);

/**
 * What the answer cache told about the kommun answers one request used: whether its whole
 * answer may be kept, until when, and under which generation of each kommun.
 */
export class RequestAnswers implements AnswerRecorder {
  keepable = true;
  freshUntil = Number.POSITIVE_INFINITY;
  readonly generations: Record<string, number> = {};
  private reads = 0;

  kept(kommunkod: string, generation: number, freshUntil: number): void {
    this.reads += 1;
    if (freshUntil < this.freshUntil) this.freshUntil = freshUntil;
    const seen = this.generations[kommunkod];
    // Two fetches to one kommun either side of a write: the answer mixes two states.
    if (seen !== undefined && seen !== generation) this.keepable = false;
    this.generations[kommunkod] = generation;
  }

  notKept(): void {
    this.keepable = false;
  }

  /** Only an answer that read kommuner, every read of it kept by the answer cache. */
  get complete(): boolean {
    return this.keepable && this.reads > 0;
  }
}

/** A kept answer as Apollo Server carries it to `stringifyResult`: the serialised text, not parsed again. */
class KeptJson {
  constructor(readonly json: string) {}

  /** Only if something serialised the result some other way: the data as it was. */
  toJSON(): unknown {
    return (JSON.parse(this.json) as { data: unknown }).data;
  }
}

export interface ResponseCacheSettings {
  /**
   * What else the answer depends on: the supergraph and the kommun registry (a kommun added
   * must show at once). Entries of another identity are never found.
   */
  identity: () => string;
  /** Bytes of the encoded answers (and their texts) held for the HTTP front at most; the least recently given go first. */
  maxEncodedBytes?: number;
  now?: () => number;
}

/**
 * The gateway's whole answers to reads, kept above the kommuner's own entries: a warm page view
 * of the national dashboard costs one lookup instead of 290 entries, their merge and
 * @apollo/gateway's shaping of the result. It keeps an answer only where every fetch of the
 * request went to the kommun subgraph and the answer cache kept (or served) every kommun answer
 * in it, so it follows the same rules: under the caller's access scope (`accessScopeOf`; content
 * under sekretess is kept only for the public scope, from which the kommun withholds it), fresh
 * until the first of its kommun answers runs out, and a miss as soon as a write goes to any
 * kommun it read (the kommuner's generations, in the same store: shared in Redis by every
 * replica). It never gives a stale answer of its own; one with stale parts is kept at most a
 * second (STALE_REPLAY_MS). Answers are kept and given as their serialised text: no caller can
 * change what another gets.
 */
export class ResponseCache {
  private readonly now: () => number;
  /** Answers on their way to `stringifyResult` that may be kept once serialised, by their data. */
  private readonly pending = new WeakMap<object, { key: string; answers: RequestAnswers }>();
  /**
   * The bytes of the kept answers given lately, by their text: encoding 200 000 characters as
   * UTF-8 on every page view cost more than everything else a hit does.
   */
  private readonly encoded: LRUCache<string, Buffer>;

  constructor(
    private readonly store: KommunAnswerStore,
    private readonly settings: ResponseCacheSettings,
  ) {
    this.now = settings.now ?? Date.now;
    this.encoded = new LRUCache<string, Buffer>({
      maxSize: settings.maxEncodedBytes ?? DEFAULT_MAX_ENCODED_BYTES,
      sizeCalculation: (bytes, json) => bytes.length + heapBytes(json),
    });
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => {
        let key: string | undefined;
        let answers: RequestAnswers | undefined;
        return {
          responseForOperation: async (requestContext) => {
            if (requestContext.operation?.operation !== 'query') return null;
            key = this.keyOf(requestContext);
            const hit = await this.store.readWhole(key).catch(() => undefined);
            if (hit && hit.freshUntil > this.now()) {
              return {
                http: { status: undefined, headers: new HeaderMap() },
                body: { kind: 'single', singleResult: { data: new KeptJson(hit.json) as unknown as Record<string, unknown> } },
              };
            }
            answers = new RequestAnswers();
            requestContext.contextValue.answerRecorder = answers;
            return null;
          },
          willSendResponse: async ({ response }) => {
            if (!key || !answers?.complete || response.body.kind !== 'single') return;
            const { data, errors, extensions } = response.body.singleResult;
            if (!data || extensions || !(errors ?? []).every((e) => KEEPABLE_ERRORS.has(e.extensions?.code))) return;
            this.pending.set(data, { key, answers });
          },
        };
      },
    };
  }

  /**
   * Apollo Server's `stringifyResult`: a kept answer's text as it is; any other answer as
   * Apollo Server serialises it, kept when the request allowed it.
   */
  readonly stringifyResult = (value: FormattedExecutionResult): string => {
    if (value.data instanceof KeptJson) {
      const { json } = value.data;
      if (!this.encoded.has(json)) this.encoded.set(json, Buffer.from(json, 'utf8'));
      return json;
    }
    const json = `${JSON.stringify(value)}\n`;
    const pending = value.data ? this.pending.get(value.data) : undefined;
    if (pending) {
      const { key, answers } = pending;
      const keepSeconds = (answers.freshUntil - this.now()) / 1000;
      if (keepSeconds > 0) {
        const entry = { json, freshUntil: answers.freshUntil, generations: answers.generations };
        void this.store.writeWhole(key, entry, keepSeconds).catch(() => undefined);
      }
    }
    return json;
  };

  /** For the HTTP front: the bytes of a kept answer's text, encoded once. */
  readonly encodedBody = (body: string): Buffer | undefined => this.encoded.get(body);

  private keyOf({ request, queryHash, contextValue }: GraphQLRequestContextResponseForOperation<GatewayContext>): string {
    const scope = accessScopeOf(contextValue.caller ?? null);
    const variables = request.variables ? JSON.stringify(request.variables) : '';
    return `${this.settings.identity()}\u0000${scope}\u0000${queryHash}\u0000${request.operationName ?? ''}\u0000${variables}`;
  }
}
