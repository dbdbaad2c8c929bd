import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signDevToken } from '#dev-tools/devIssuer';
import { ErrorCode } from '#platform/errors';
import { loadRegistry } from '#platform/registry';
import { freePort } from './freePort';
import { serviceDatabaseUrl, startStack, type Stack } from './stack';

/**
 * `npm run soak`: retry-safe writes while a kommun dies. The whole stack as `npm start` runs it
 * (its own embedded PostgreSQL in a temporary folder, free ports, supervised processes), then
 * `--writes` registreraArende in Timrå, `--concurrency` at a time, each with its own
 * Idempotency-Key, while Timrå's process is killed (SIGKILL) `--kills` times. A write answered
 * with KOMMUN_OUTCOME_UNKNOWN, KOMMUN_UNAVAILABLE, KOMMUN_TIMEOUT or KOMMUN_DATABASE_UNAVAILABLE is
 * retried with the same key, as a client should. Afterwards Timrå's database is read directly:
 * every write must be there exactly once, and the diarienummer series without a gap.
 */
const RETRYABLE = new Set<string>([
  ErrorCode.KOMMUN_OUTCOME_UNKNOWN,
  ErrorCode.KOMMUN_UNAVAILABLE,
  ErrorCode.KOMMUN_TIMEOUT,
  ErrorCode.KOMMUN_DATABASE_UNAVAILABLE,
]);
const REGISTRERA = `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2262", input: $input) { diarienummer } }`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      writes: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '10' },
      kills: { type: 'string', default: '2' },
    },
  });
  const writes = Number(values.writes);
  const concurrency = Number(values.concurrency);
  const kills = Number(values.kills);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-soak-'));
  // PostgreSQL runs as its own unprivileged user when this runs as root.
  fs.chmodSync(dataDir, 0o755);
  const registry = loadRegistry(undefined, path.resolve(__dirname, '../config/kommuner.json'));
  console.log(`soak: starting the stack (data in ${dataDir})`);
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      database: { dataDir: path.join(dataDir, 'postgres'), port: await freePort() },
      registry,
      gatewayPort: 0,
      samverkanPort: 0,
      kommunPort: () => 0,
      // Thousands of writes and reads in a few minutes from one address: no rate limit unless asked for.
      env: { RATE_LIMIT: 'false', ...process.env },
      log: (line) => {
        if (/exited|starting it again|did not start/.test(line)) console.log(line);
      },
    });
    const figures = await soak(stack, { writes, concurrency, kills });
    console.log(JSON.stringify(figures, null, 2));
    const resultsDir = path.resolve(__dirname, '../bench/results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'soak.json'), `${JSON.stringify(figures, null, 2)}\n`);
    const ok = figures.missing === 0 && figures.duplicated === 0 && figures.gaps === 0 && figures.unresolved === 0;
    console.log(ok ? 'soak: every write is there exactly once' : 'soak: FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Outcome {
  acknowledged: boolean;
  attempts: number;
  codes: string[];
  /** When the client was first told the outcome is unknown. */
  unknownAt?: Date;
}

async function soak(stack: Stack, options: { writes: number; concurrency: number; kills: number }) {
  const token = await signDevToken(stack.keysDir, { sub: 'soak', kommunkod: '2262', roller: ['HANDLAGGARE'] });
  const run = Date.now().toString(36);
  const outcomes: Outcome[] = [];
  let started = 0;
  let finished = 0;

  const write = async (i: number): Promise<Outcome> => {
    const key = `soak-${run}-${i}`;
    const outcome: Outcome = { acknowledged: false, attempts: 0, codes: [] };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      outcome.attempts += 1;
      let codes: string[];
      try {
        const response = await fetch(stack.gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
          body: JSON.stringify({ query: REGISTRERA, variables: { input: { ansvarigtOrgan: 'KS', rubrik: `Soak ${run} ${i}` } } }),
        });
        const body = (await response.json()) as {
          data?: { registreraArende?: unknown };
          errors?: { extensions?: { code?: string } }[];
        };
        if (body.data?.registreraArende) {
          outcome.acknowledged = true;
          return outcome;
        }
        codes = (body.errors ?? []).map((e) => e.extensions?.code ?? `HTTP ${response.status}`);
      } catch (error) {
        codes = [`fetch: ${(error as Error).message}`];
      }
      outcome.codes.push(...codes);
      if (codes.includes(ErrorCode.KOMMUN_OUTCOME_UNKNOWN)) outcome.unknownAt ??= new Date();
      if (!codes.every((c) => RETRYABLE.has(c))) return outcome;
      await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(outcome.attempts, 10)));
    }
    return outcome;
  };

  // Timrå is killed when a third and two thirds of the writes are done (for two kills).
  const killAt = Array.from({ length: options.kills }, (_, k) => Math.floor(((k + 1) * options.writes) / (options.kills + 1)));
  let killed = 0;
  const began = Date.now();
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (started < options.writes) {
      const i = started++;
      outcomes[i] = await write(i);
      finished += 1;
      if (killed < killAt.length && finished >= killAt[killed]) {
        killed += 1;
        console.log(`soak: SIGKILL to Timrå after ${finished} writes`);
        stack.kommuner.get('2262')!.child.kill('SIGKILL');
      }
    }
  });
  await Promise.all(workers);
  const seconds = (Date.now() - began) / 1000;

  const client = new pg.Client({ connectionString: serviceDatabaseUrl({ serverUrl: stack.database!.url }, 'kommun_2262') });
  await client.connect();
  let stored: Map<string, number>;
  let gaps: number;
  let keys: Map<string, Date>;
  try {
    const rows = (
      await client.query<{ rubrik: string; n: number }>(
        `SELECT rubrik, count(*)::int n FROM arende_innehall WHERE rubrik LIKE $1 GROUP BY rubrik`,
        [`Soak ${run} %`],
      )
    ).rows;
    stored = new Map(rows.map((r) => [r.rubrik, r.n]));
    // Every serial of each organ's series this year, from 1 to its last, exactly once.
    const series = await client.query<{ gaps: number }>(
      `SELECT coalesce(sum(max - count), 0)::int gaps FROM (
         SELECT split_part(diarienummer, '/', 1) serie, max(split_part(diarienummer, '/', 2)::int) max, count(*) count
           FROM arende GROUP BY 1) s`,
    );
    gaps = series.rows[0].gaps;
    // When each key's write committed (its transaction's time), to tell which of the writes whose
    // outcome was unknown had in fact been made before the answer was lost.
    const stamped = await client.query<{ nyckel: string; skapad: Date }>(
      `SELECT nyckel, skapad FROM idempotensnyckel WHERE nyckel LIKE $1`,
      [`soak-${run}-%`],
    );
    keys = new Map(stamped.rows.map((r) => [r.nyckel.split(' ')[0], r.skapad]));
  } finally {
    await client.end();
  }

  const acknowledged = outcomes.filter((o) => o.acknowledged).length;
  const allCodes = outcomes.flatMap((o) => o.codes);
  const countOf = (code: string) => allCodes.filter((c) => c === code).length;
  return {
    at: new Date().toISOString(),
    writes: options.writes,
    concurrency: options.concurrency,
    kills: killed,
    seconds: Number(seconds.toFixed(1)),
    acknowledged,
    unresolved: options.writes - acknowledged,
    retries: outcomes.reduce((sum, o) => sum + o.attempts - 1, 0),
    answeredOutcomeUnknown: countOf(ErrorCode.KOMMUN_OUTCOME_UNKNOWN),
    answeredUnavailable: countOf(ErrorCode.KOMMUN_UNAVAILABLE),
    answeredTimeout: countOf(ErrorCode.KOMMUN_TIMEOUT),
    madeBeforeAnswerLost: outcomes.filter((o, i) => o.unknownAt && keys.get(`soak-${run}-${i}`)! <= o.unknownAt).length,
    answeredOther: allCodes.filter((c) => !RETRYABLE.has(c)).length,
    inDatabase: [...stored.values()].reduce((a, b) => a + b, 0),
    missing: outcomes.filter((_, i) => !stored.has(`Soak ${run} ${i}`)).length,
    duplicated: [...stored.values()].filter((n) => n > 1).length,
    gaps,
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
