import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '#platform/errors';
import { exampleVariables } from '../../explorer/src/contractTabs';
import { errorCodes, sendGraphQL, type Sent } from './client';

/**
 * The soak's load: readers that send the contract's queries as the dashboards do (anonymous and
 * signed in), and writers that register ärenden, change their status with the version they read,
 * and change collaboration areas' status, each retrying as a careful client does.
 */

/** Answers after which a write is sent again with the same Idempotency-Key. */
export const RETRYABLE = new Set<string>([
  ErrorCode.KOMMUN_OUTCOME_UNKNOWN,
  ErrorCode.KOMMUN_UNAVAILABLE,
  ErrorCode.KOMMUN_TIMEOUT,
  ErrorCode.KOMMUN_DATABASE_UNAVAILABLE,
  ErrorCode.SAMVERKAN_OUTCOME_UNKNOWN,
  ErrorCode.SAMVERKAN_UNAVAILABLE,
  ErrorCode.SAMVERKAN_DATABASE_UNAVAILABLE,
]);

export type RequestKind = 'read' | 'write';

/** Every request the soak sent, as the checks need it. */
export interface Recorded {
  kind: RequestKind;
  operation: string;
  sent: Sent;
}

export type WriteName = 'registreraArende' | 'andraArendestatus' | 'andraSamverkansstatus';

/** One logical write and its fate after all its attempts. */
export interface WriteRecord {
  name: WriteName;
  /** The kommun it writes in; absent for samverkan. */
  kommunkod?: string;
  key: string;
  /** Unique text the write stores (the rubrik or the kommentar), to find it in the database. */
  marker: string;
  /** The ärende's diarienummer or the area's id it changes, when known. */
  target?: string;
  attempts: number;
  /** `refused`: a final coded answer (CONFLICT for a stale version, say); `unresolved`: no answer before the deadline. */
  outcome: 'acknowledged' | 'refused' | 'unresolved';
  codes: string[];
  /** What the acknowledged answer said (diarienummer, version). */
  result?: { diarienummer?: string; version?: number; status?: string };
}

export interface Users {
  /** A reader of each kind: anonymous (no header), LASARE and HANDLAGGARE of some kommun. */
  readers: Record<string, string | undefined>;
  handlaggare: (kommunkod: string) => string;
  samordnare: string;
}

export interface LoadOptions {
  gatewayUrl: string;
  users: Users;
  kommuner: string[];
  /** Areas of a collaboration the samordnare's kommun has joined; one writer each. */
  areas: string[];
  run: string;
  today: string;
  readers: number;
  registerWriters: number;
  statusWriters: number;
  /** While this holds, the workers start new requests. */
  running: () => boolean;
  /** Writes keep retrying until this time (ms since epoch). */
  retryUntil: () => number;
}

interface ContractRead {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** Every query of contract/, each sent with its whole file as the dashboards send it. */
export function contractReads(today: string): ContractRead[] {
  const dir = path.resolve(__dirname, '../../contract');
  const examples = exampleVariables(today);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((file) => {
      const query = fs.readFileSync(path.join(dir, file), 'utf8');
      return parse(query)
        .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query')
        .map((d) => ({ name: d.name!.value, query, variables: examples[d.name!.value] }));
    });
}

const REGISTRERA = `mutation Registrera($kommunkod: ID!, $input: NyttArendeInput!) {
  registreraArende(kommunkod: $kommunkod, input: $input) { diarienummer version status }
}`;
const LAS_ARENDE = `query LasArende($kommunkod: ID!, $diarienummer: String!) {
  arende(kommunkod: $kommunkod, diarienummer: $diarienummer) { version status }
}`;
const ANDRA_STATUS = `mutation AndraStatus($kommunkod: ID!, $diarienummer: String!, $input: ArendestatusInput!) {
  andraArendestatus(kommunkod: $kommunkod, diarienummer: $diarienummer, input: $input) { diarienummer version status }
}`;
const LAS_OMRADE = `query LasOmrade($id: ID!) { samverkansomrade(id: $id) { status } }`;
const ANDRA_SAMVERKANSSTATUS = `mutation AndraSamverkansstatus($id: ID!, $input: StatusandringInput!) {
  andraSamverkansstatus(id: $id, input: $input) { id status }
}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
const bearer = (token: string | undefined): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export class Load {
  readonly requests: Recorded[] = [];
  readonly writes: WriteRecord[] = [];
  /** Acknowledged ärenden per kommun, newest last: the status writers change these. */
  private readonly registered = new Map<string, string[]>();
  private counter = 0;

  constructor(private readonly options: LoadOptions) {
    for (const kommunkod of options.kommuner) this.registered.set(kommunkod, []);
  }

  /** Runs every worker until `running()` stops holding and the last writes are settled. */
  async run(): Promise<void> {
    const o = this.options;
    const workers = [
      ...Array.from({ length: o.readers }, () => this.reader()),
      ...Array.from({ length: o.registerWriters }, (_, i) => this.registerWriter(o.kommuner[i % o.kommuner.length])),
      ...Array.from({ length: o.statusWriters }, () => this.statusWriter()),
      ...o.areas.map((area) => this.samverkanWriter(area)),
    ];
    await Promise.all(workers);
  }

  private async send(
    kind: RequestKind,
    operation: string,
    request: Parameters<typeof sendGraphQL>[1],
    headers?: Record<string, string>,
  ) {
    const sent = await sendGraphQL(this.options.gatewayUrl, request, headers);
    this.requests.push({ kind, operation, sent });
    return sent;
  }

  private async reader(): Promise<void> {
    const reads = contractReads(this.options.today);
    const users = Object.entries(this.options.users.readers);
    while (this.options.running()) {
      const read = pick(reads);
      const [, token] = pick(users);
      const sent = await this.send(
        'read',
        read.name,
        { query: read.query, operationName: read.name, variables: read.variables },
        bearer(token),
      );
      // A gateway that is down answers at once; a short pause keeps the readers from spinning.
      if (sent.transport !== 'answered') await pause(100);
    }
  }

  private async registerWriter(kommunkod: string): Promise<void> {
    const token = this.options.users.handlaggare(kommunkod);
    while (this.options.running()) {
      const n = ++this.counter;
      const rubrik = `Soak ${this.options.run} ${kommunkod} ${n}`;
      const record = await this.write(
        { name: 'registreraArende', kommunkod, key: `soak-${this.options.run}-${n}`, marker: rubrik },
        { query: REGISTRERA, variables: { kommunkod, input: { ansvarigtOrgan: 'KS', rubrik } } },
        token,
      );
      const answer = record.result;
      if (record.outcome === 'acknowledged' && answer?.diarienummer) this.registered.get(kommunkod)!.push(answer.diarienummer);
    }
  }

  /**
   * Reads an ärende's version and changes its status with it. Several of these pick among the
   * same few newest ärenden, so some lose the race: a CONFLICT, the correct answer to a stale version.
   */
  private async statusWriter(): Promise<void> {
    while (this.options.running()) {
      const kommunkod = pick(this.options.kommuner);
      const newest = this.registered.get(kommunkod)!.slice(-3);
      if (newest.length === 0) {
        await pause(200);
        continue;
      }
      const diarienummer = pick(newest);
      const token = this.options.users.handlaggare(kommunkod);
      const read = await this.send(
        'read',
        'LasArende',
        { query: LAS_ARENDE, variables: { kommunkod, diarienummer } },
        bearer(token),
      );
      const current = (read.body?.data?.arende ?? null) as { version: number; status: string } | null;
      if (!current) {
        await pause(100);
        continue;
      }
      const n = ++this.counter;
      const kommentar = `Soak ${this.options.run} status ${n}`;
      await this.write(
        { name: 'andraArendestatus', kommunkod, key: `soak-${this.options.run}-${n}`, marker: kommentar, target: diarienummer },
        {
          query: ANDRA_STATUS,
          variables: {
            kommunkod,
            diarienummer,
            input: { version: current.version, status: current.status === 'OPPET' ? 'VILANDE' : 'OPPET', kommentar },
          },
        },
        token,
      );
    }
  }

  /** Toggles one area between UTREDS and AVVAKTAR; it is this writer's alone, so each change is allowed. */
  private async samverkanWriter(area: string): Promise<void> {
    const token = this.options.users.samordnare;
    let status: string | undefined;
    while (this.options.running()) {
      if (!status) {
        const read = await this.send('read', 'LasOmrade', { query: LAS_OMRADE, variables: { id: area } }, bearer(token));
        status = (read.body?.data?.samverkansomrade as { status: string } | null)?.status;
        if (!status) {
          await pause(200);
          continue;
        }
      }
      const n = ++this.counter;
      const kommentar = `Soak ${this.options.run} samverkan ${n}`;
      const next = status === 'UTREDS' ? 'AVVAKTAR' : 'UTREDS';
      const record = await this.write(
        { name: 'andraSamverkansstatus', key: `soak-${this.options.run}-${n}`, marker: kommentar, target: area },
        { query: ANDRA_SAMVERKANSSTATUS, variables: { id: area, input: { status: next, datum: this.options.today, kommentar } } },
        token,
      );
      status = record.outcome === 'acknowledged' ? next : undefined;
      // Fewer of these than of the kommun writes: each one locks its area.
      await pause(200);
    }
  }

  /**
   * One logical write: sent until it gets an answer that is not retryable, always with the same
   * Idempotency-Key and the same input, as docs/api.md (Writes) tells a client to do.
   */
  private async write(
    write: Pick<WriteRecord, 'name' | 'kommunkod' | 'key' | 'marker' | 'target'>,
    request: { query: string; variables: Record<string, unknown> },
    token: string,
  ): Promise<WriteRecord> {
    const record: WriteRecord = { ...write, attempts: 0, outcome: 'unresolved', codes: [] };
    this.writes.push(record);
    const headers = { ...bearer(token), 'idempotency-key': write.key };
    while (Date.now() < this.options.retryUntil()) {
      record.attempts += 1;
      const sent = await this.send('write', write.name, request, headers);
      const answer = sent.body?.data?.[write.name] as WriteRecord['result'] | null | undefined;
      if (sent.transport === 'answered' && answer) {
        record.outcome = 'acknowledged';
        record.result = answer;
        return record;
      }
      const codes = sent.transport === 'answered' ? errorCodes(sent) : [sent.transport];
      if (sent.transport === 'answered' && codes.length === 0) codes.push(`HTTP ${sent.status} without errors`);
      record.codes.push(...codes);
      const retry = sent.transport !== 'answered' || codes.every((c) => RETRYABLE.has(c)) || (sent.status ?? 0) >= 500;
      if (!retry) {
        record.outcome = 'refused';
        return record;
      }
      await pause(100 * Math.min(record.attempts, 10));
    }
    return record;
  }
}
