import fs from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, validate, type DocumentNode } from 'graphql';

/**
 * LIGHTWEIGHT IN-MEMORY KOMMUN INSTANCES, for the fan-out benchmark only: one process serves
 * many kommun instances, each on its own port, with the real kommun schema
 * (schema/kommun.graphql via buildSubgraphSchema and graphql-js) over a few facts held in
 * memory instead of a database. 290 "kommuner" thus need neither 290 processes nor 290
 * databases; each still answers only for its own kommun, like a real instance.
 *
 * Input: MEMORY_KOMMUNER, a JSON list of { kommunkod, namn, lan, delayMs? }; MEMORY_KOMMUNER_OUT,
 * a file that gets the list with each instance's URL. Prints a ready line when all listen.
 */
interface MemoryKommun {
  kommunkod: string;
  namn: string;
  lan: string;
  /** Waits this long before answering: a slow kommun. */
  delayMs?: number;
}

const sdl = fs.readFileSync(path.resolve(__dirname, '../schema/kommun.graphql'), 'utf8');

const organ = (kommunkod: string) => [
  { kommunkod, id: 'KF', kortnamn: 'KF', namn: 'Kommunfullmäktige', typ: 'FULLMAKTIGE' },
  { kommunkod, id: 'KS', kortnamn: 'KS', namn: 'Kommunstyrelsen', typ: 'STYRELSE' },
];
const arenden = (kommunkod: string) =>
  [1, 2, 3].map((i) => ({
    kommunkod,
    diarienummer: `KS 2026/${i}`,
    rubrik: `Ärende ${i}`,
    beskrivning: null,
    status: 'OPPET',
    statushistorik: [],
    registrerad: `2026-01-0${i}`,
    ansvarigtOrgan: organ(kommunkod)[1],
    forslagTillBeslut: [],
    behandlingar: [],
    beslutsunderlag: [],
    uppdrag: [],
    version: 1,
    uppdaterad: '2026-01-01T00:00:00Z',
    illustrativaFalt: [],
  }));

/** Twenty paragraphs: KF and KS, 2025 and 2026, five of each. */
const paragrafer = (kommunkod: string) =>
  Array.from({ length: 20 }, (_, i) => {
    const [kf, ks] = organ(kommunkod);
    const of = i % 2 ? ks : kf;
    const ar = i < 10 ? 2025 : 2026;
    return {
      kommunkod,
      beteckning: `${of.kortnamn} ${ar} § ${i + 1}`,
      organ: of,
      ar,
      nummer: i + 1,
      datum: null,
      rubrik: `Paragraf ${i + 1}`,
      beslutstext: null,
      utfall: 'BIFALL',
      arende: null,
      illustrativaFalt: [],
    };
  });

/** Six assignments: two reported back, four under way of which two are overdue. */
const uppdrag = (kommunkod: string) =>
  Array.from({ length: 6 }, (_, i) => ({
    kommunkod,
    id: `u${i + 1}`,
    beskrivning: `Uppdrag ${i + 1}`,
    mottagare: 'Kommunchefen',
    givetI: null,
    arende: null,
    deadline: i < 2 ? '2025-06-30' : '2027-06-30',
    status: i >= 4 ? 'ATERRAPPORTERAT' : 'PAGAENDE',
    aterrapporteradI: null,
    forsenad: i < 2,
    illustrativaFalt: [],
  }));

/** Counted from the same facts, as a kommun counts in SQL: one row per key. */
function countBy<T>(items: T[], key: (item: T) => Record<string, unknown>, summed: (item: T) => Record<string, number>) {
  const rows = new Map<string, Record<string, unknown>>();
  for (const item of items) {
    const keyFields = key(item);
    const id = JSON.stringify(keyFields);
    const row = rows.get(id) ?? { ...keyFields };
    for (const [field, value] of Object.entries(summed(item))) row[field] = ((row[field] as number) ?? 0) + value;
    rows.set(id, row);
  }
  return [...rows.values()];
}

const statistik = (kommunkod: string) => ({
  arenden: countBy(
    arenden(kommunkod),
    (a) => ({ kommunkod, status: a.status, organ: a.ansvarigtOrgan.id, ar: Number(a.registrerad.slice(0, 4)) }),
    () => ({ antal: 1 }),
  ),
  uppdrag: countBy(
    uppdrag(kommunkod),
    (u) => ({ kommunkod, status: u.status }),
    (u) => ({ antal: 1, forsenade: u.forsenad ? 1 : 0 }),
  ),
  paragrafer: countBy(
    paragrafer(kommunkod),
    (p) => ({ kommunkod, organ: p.organ.id, ar: p.ar }),
    () => ({ antal: 1 }),
  ),
});

interface Context {
  kommun: MemoryKommun;
}
const own = (kommun: MemoryKommun) => ({ kommunkod: kommun.kommunkod, namn: kommun.namn, lan: kommun.lan });
const resolvers = {
  Query: {
    kommun: (_: unknown, args: { kommunkod: string }, { kommun }: Context) =>
      args.kommunkod === kommun.kommunkod ? own(kommun) : null,
    kommuner: (_: unknown, args: { kommunkoder?: string[] | null }, { kommun }: Context) =>
      !args.kommunkoder || args.kommunkoder.includes(kommun.kommunkod) ? [own(kommun)] : [],
    arende: () => null,
    paragraf: () => null,
    statistik: (_: unknown, args: { kommunkoder?: string[] | null }, { kommun }: Context) =>
      !args.kommunkoder || args.kommunkoder.includes(kommun.kommunkod)
        ? statistik(kommun.kommunkod)
        : { arenden: [], uppdrag: [], paragrafer: [] },
  },
  Kommun: {
    __resolveReference: (ref: { kommunkod: string }, { kommun }: Context) =>
      ref.kommunkod === kommun.kommunkod ? own(kommun) : null,
    organ: (k: { kommunkod: string }) => organ(k.kommunkod),
    arenden: (k: { kommunkod: string }, args: { first?: number }) => {
      const nodes = arenden(k.kommunkod).slice(0, args.first ?? 20);
      return { totalCount: 3, nodes, pageInfo: { hasNextPage: false, endCursor: null } };
    },
    paragrafer: (k: { kommunkod: string }) => paragrafer(k.kommunkod),
    uppdrag: (k: { kommunkod: string }, args: { forsenade?: boolean | null }) =>
      uppdrag(k.kommunkod).filter((u) => !args.forsenade || u.forsenad),
  },
};

const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
const documents = new Map<string, DocumentNode | readonly Error[]>();

function documentFor(query: string): DocumentNode | readonly Error[] {
  let document = documents.get(query);
  if (!document) {
    try {
      const parsed = parse(query);
      const errors = validate(schema, parsed);
      document = errors.length ? errors : parsed;
    } catch (error) {
      document = [error as Error];
    }
    documents.set(query, document);
  }
  return document;
}

/**
 * The data never changes, so an instance answers a request it has seen before from memory, as a
 * kommun behind a response cache would, with the whole HTTP response kept as bytes.
 */
const answers = new Map<string, Promise<Buffer>>();

function answer(kommun: MemoryKommun, body: string): Promise<Buffer> {
  const key = `${kommun.kommunkod}\u0000${body}`;
  let cached = answers.get(key);
  if (!cached) {
    if (answers.size > 100_000) answers.clear();
    answers.set(
      key,
      (cached = execution(kommun, body).then(
        (text) => httpResponse(200, text),
        (error: Error) => httpResponse(400, JSON.stringify({ errors: [{ message: error.message }] })),
      )),
    );
  }
  return cached;
}

function httpResponse(status: number, text: string): Buffer {
  const body = Buffer.from(text);
  const head = `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const health = httpResponse(200, '{"status":"ok"}');

async function execution(kommun: MemoryKommun, body: string): Promise<string> {
  const request = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
  const document = documentFor(request.query);
  if (Array.isArray(document))
    return JSON.stringify({
      errors: document.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
    });
  const result = await execute({
    schema,
    document: document as DocumentNode,
    variableValues: request.variables,
    operationName: request.operationName,
    contextValue: { kommun },
  });
  return JSON.stringify(result);
}

/**
 * A minimal HTTP/1.1 responder (keep-alive, one request at a time per connection, as the
 * router's pools send them) instead of node:http. 290 of these share one core here, where real
 * kommuner would each have their own machine; the leaner they are, the more the fan-out figures
 * measure the router rather than this stand-in.
 */
function serve(kommun: MemoryKommun): Promise<string> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let busy = false;
    const next = () => {
      if (busy) return;
      const headEnd = buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = buffer.subarray(0, headEnd).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < headEnd + 4 + length) return;
      const body = buffer.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headEnd + 4 + length);
      busy = true;
      const respond = () =>
        (head.startsWith('GET') ? Promise.resolve(health) : answer(kommun, body)).then((bytes) => {
          socket.write(bytes);
          busy = false;
          next();
        });
      if (kommun.delayMs) setTimeout(respond, kommun.delayMs);
      else void respond();
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      next();
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
  });
}

async function main(): Promise<void> {
  const kommuner = JSON.parse(process.env.MEMORY_KOMMUNER ?? '[]') as MemoryKommun[];
  const out = process.env.MEMORY_KOMMUNER_OUT;
  if (!kommuner.length || !out) throw new Error('MEMORY_KOMMUNER and MEMORY_KOMMUNER_OUT must be set');
  const urls = await Promise.all(kommuner.map(serve));
  fs.writeFileSync(out, JSON.stringify(kommuner.map((k, i) => ({ ...k, url: urls[i] }))));
  console.log(`${kommuner.length} in-memory kommuner ready at ${urls[0]}`);
  process.once('SIGTERM', () => process.exit(0));
  process.once('SIGINT', () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
