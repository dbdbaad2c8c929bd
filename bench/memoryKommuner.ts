import fs from 'node:fs';
import http from 'node:http';
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
    forslagTillBeslut: [],
    behandlingar: [],
    beslutsunderlag: [],
    uppdrag: [],
    version: 1,
    uppdaterad: '2026-01-01T00:00:00Z',
    illustrativaFalt: [],
  }));

interface Context {
  kommun: MemoryKommun;
}
const own = (kommun: MemoryKommun) => ({ kommunkod: kommun.kommunkod, namn: kommun.namn, lan: kommun.lan });
const resolvers = {
  Query: {
    kommun: (_: unknown, args: { kommunkod: string }, { kommun }: Context) => (args.kommunkod === kommun.kommunkod ? own(kommun) : null),
    kommuner: (_: unknown, args: { kommunkoder?: string[] | null }, { kommun }: Context) =>
      !args.kommunkoder || args.kommunkoder.includes(kommun.kommunkod) ? [own(kommun)] : [],
    arende: () => null,
    paragraf: () => null,
  },
  Kommun: {
    __resolveReference: (ref: { kommunkod: string }, { kommun }: Context) => (ref.kommunkod === kommun.kommunkod ? own(kommun) : null),
    organ: (k: { kommunkod: string }) => organ(k.kommunkod),
    arenden: (k: { kommunkod: string }, args: { first?: number }) => {
      const nodes = arenden(k.kommunkod).slice(0, args.first ?? 20);
      return { totalCount: 3, nodes, pageInfo: { hasNextPage: false, endCursor: null } };
    },
    paragrafer: () => [],
    uppdrag: () => [],
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

async function answer(kommun: MemoryKommun, body: string): Promise<string> {
  const request = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
  const document = documentFor(request.query);
  if (Array.isArray(document)) return JSON.stringify({ errors: document.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) });
  const result = await execute({
    schema,
    document: document as DocumentNode,
    variableValues: request.variables,
    operationName: request.operationName,
    contextValue: { kommun },
  });
  return JSON.stringify(result);
}

function serve(kommun: MemoryKommun): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const respond = () =>
        answer(kommun, Buffer.concat(chunks).toString('utf8')).then(
          (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
          (error: Error) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: error.message }] })),
        );
      if (kommun.delayMs) setTimeout(respond, kommun.delayMs);
      else void respond();
    });
  });
  server.keepAliveTimeout = 65_000;
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
