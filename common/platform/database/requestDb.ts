import { escapeLiteral } from 'pg';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Caller } from '../auth/caller';
import { APP_ROLE } from '#subgraph-kit/appRole';
import { discardConnection, markTransactionBegun, serialiseQueries } from './libraryInternals';
import {
  EarlierAnswer,
  claimIdempotencyKey,
  idempotencyClaim,
  storeIdempotentAnswer,
  type IdempotencyClaim,
} from './idempotency';

/** The database as one request sees it: its reads in one transaction, its writes each in their own. */
export interface Db {
  /** The manager of the request's read transaction, started on first use. */
  manager(): Promise<EntityManager>;
  /**
   * Runs one write in a transaction of its own on the request's connection, committed before it
   * returns (or rolled back when `fn` throws): the client sees the write only once it is durable,
   * and a refused write leaves nothing behind, whatever else the request does.
   */
  write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T>;
}

export interface RequestDbOptions {
  /** The client's Idempotency-Key for the request's writes (see `idempotent`). */
  idempotencyKey?: string;
  /** Runs after each write's commit, before its answer: where a durable write has no answer yet. */
  afterCommit?: () => void;
}

/** A mutation field as `idempotent` needs it: its response name, field name and arguments. */
export interface MutationField {
  responseKey: string;
  name: string;
  args: unknown;
}

/**
 * The database work of one GraphQL request, on one pooled connection held from first use until
 * `end()`. Every transaction on it starts by switching to the app role and telling PostgreSQL who
 * asks (`kommungraf.sub`, `kommungraf.kommunkod`, `kommungraf.roller`), all LOCAL to the
 * transaction: the row-level security policies decide on those, not on what a resolver
 * remembered to check, and none of it outlives the transaction on the pooled connection.
 *
 * Reads share one transaction, which is rolled back at the end: a read never persists anything.
 * A write first ends that read transaction; GraphQL runs mutation fields one after another, so no
 * read of the same request is in flight then.
 */
export class RequestDb implements Db {
  private runner: QueryRunner | undefined;
  private reading: Promise<EntityManager> | undefined;
  private ended = false;
  private claim: IdempotencyClaim | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly caller: Caller | null,
    private readonly options: RequestDbOptions = {},
  ) {}

  /**
   * Runs one mutation field. With an Idempotency-Key, the field's first write claims the key in
   * its own transaction and stores its answer there; a retry of the same write gets that answer
   * and writes nothing, another write under the same key is a CONFLICT. Mutation fields run one
   * after another, so one claim is pending at a time.
   */
  async idempotent<T>(field: MutationField, run: () => Promise<T>): Promise<T> {
    if (!this.options.idempotencyKey || !this.caller) return run();
    this.claim = idempotencyClaim(this.caller.sub, this.options.idempotencyKey, field);
    try {
      return await run();
    } catch (error) {
      if (error instanceof EarlierAnswer) return error.answer as T;
      throw error;
    } finally {
      this.claim = undefined;
    }
  }

  manager(): Promise<EntityManager> {
    this.reading ??= this.begin().then((q) => q.manager);
    return this.reading;
  }

  async write<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    await this.endReading();
    const claim = this.claim;
    this.claim = undefined;
    const q = await this.begin();
    try {
      if (claim) await claimIdempotencyKey(q.manager, claim);
      const result = await fn(q.manager);
      if (claim) await storeIdempotentAnswer(q.manager, claim, result);
      await q.commitTransaction();
      this.options.afterCommit?.();
      return result;
    } catch (error) {
      await this.rollback(q);
      throw error;
    }
  }

  /** Ends the request: rolls back its read transaction and gives the connection back. Idempotent. */
  async end(): Promise<void> {
    this.ended = true;
    const q = this.runner;
    if (!q) return;
    this.runner = undefined;
    this.reading = undefined;
    const clean = await this.rollback(q);
    // A connection whose transaction could not be ended is discarded, never pooled: the next
    // request must not inherit this one's role and settings.
    if (clean) await q.release();
    else await discardConnection(q, new Error('transaction could not be ended'));
  }

  private async begin(): Promise<QueryRunner> {
    if (this.ended) throw new Error('The request has ended; its database connection is closed');
    this.runner ??= serialiseQueries(this.dataSource.createQueryRunner());
    const q = this.runner;
    // One round trip for BEGIN and the settings, a statement fewer on every request: the values
    // go in as escaped literals because only the simple protocol takes two statements at once.
    // set_config(..., true) is SET LOCAL; 'role' switches to the app role like SET LOCAL ROLE.
    const settings = [APP_ROLE, this.caller?.sub ?? '', this.caller?.kommunkod ?? '', (this.caller?.roller ?? []).join(',')].map(
      (value) => escapeLiteral(value),
    );
    await q.query(
      `BEGIN; SELECT set_config('role', ${settings[0]}, true), set_config('kommungraf.sub', ${settings[1]}, true),
              set_config('kommungraf.kommunkod', ${settings[2]}, true), set_config('kommungraf.roller', ${settings[3]}, true)`,
    );
    markTransactionBegun(q);
    return q;
  }

  private async endReading(): Promise<void> {
    const reading = this.reading;
    if (!reading) return;
    this.reading = undefined;
    await reading.catch(() => undefined);
    if (this.runner) await this.rollback(this.runner);
  }

  /** Rolls back what is open; false when the connection could not do it. */
  private async rollback(q: QueryRunner): Promise<boolean> {
    if (!q.isTransactionActive) return true;
    try {
      await q.rollbackTransaction();
      return true;
    } catch {
      return false;
    }
  }
}
