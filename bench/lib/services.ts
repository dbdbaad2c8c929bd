import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, ensureDevKeys, internalKeyFiles } from '#dev-tools/devIssuer';
import { signPeerToken } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import type { KommunEntry, KommunRegistry } from '#platform/registry';
import { startService, startStack, type ServiceProcess, type Stack } from '../../scripts/stack';
import { onCleanup } from './cleanup';
import { writeBenchManifest } from './trustedDocuments';
import type { BenchDatabase } from './database';

let keysDir: string | undefined;

/** Makes the keys the services use, in a temporary folder (never the project's .data). */
export async function prepareBenchKeys(): Promise<string> {
  keysDir ??= tempDir('keys');
  await ensureDevKeys(keysDir);
  return keysDir;
}

function benchKeysDir(): string {
  if (!keysDir) throw new Error('call prepareBenchKeys() before starting services');
  return keysDir;
}

/**
 * Rate limits as deployed, with a limit far above any load of the bench (points per minute; an
 * operation costs its kommun fetches, 290 for a national view), so that none is refused.
 */
export const BENCH_RATE_LIMIT_POINTS = 1_000_000_000;

/**
 * The environment every bench service gets: production mode, as deployed (graphql-js's fast
 * paths, no stack traces), with user tokens verified against the development issuer and the
 * subgraphs trusting only the gateway's internal key; trusted documents enforced (the bench's
 * manifest, bench/lib/trustedDocuments.ts) and rate limits on with a limit above the load.
 * Nothing else of the bench's environment.
 */
export function serviceEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dir = benchKeysDir();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    KEYS_DIR: dir,
    AUTH_JWKS_FILE: devIssuerFiles(dir).jwksFile,
    AUTH_ISSUER: DEV_ISSUER,
    AUTH_AUDIENCE: DEV_AUDIENCE,
    INTERNAL_SIGNING_KEY_FILE: internalKeyFiles(dir).privateKeyFile,
    INTERNAL_JWKS_FILE: internalKeyFiles(dir).jwksFile,
    TRUSTED_DOCUMENTS: 'enforce',
    TRUSTED_DOCUMENTS_MANIFEST: writeBenchManifest(dir),
    RATE_LIMIT: 'true',
    RATE_LIMIT_POINTS: String(BENCH_RATE_LIMIT_POINTS),
    ...extra,
  };
}

/**
 * Headers of a direct call to one subgraph, as the gateway would send it: the subgraph checks
 * an internal token on every request, so the direct figure includes that check too.
 */
export async function directHeaders(audience: string): Promise<Record<string, string>> {
  const token = await signPeerToken(readJwk(internalKeyFiles(benchKeysDir()).privateKeyFile), audience, '1h');
  return { authorization: `Bearer ${token}` };
}

export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kommungraf-bench-${name}-`));
  onCleanup(`folder ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Every bench runs one gateway, the only replica: it may keep public answers with content a
 * restriction could hide in its memory, as an operator of one gateway without Redis would let it.
 */
const ONE_REPLICA = { KOMMUN_CACHE_SINGLE_REPLICA: 'true' };

export const realRegistry: KommunRegistry = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
  { kommunkod: '2280', namn: 'Härnösand', lan: 'Västernorrlands län', lanskod: '22', url: 'http://localhost:1/graphql' },
];

/**
 * The real graph (gateway, samverkan, one process per kommun over PostgreSQL) on free ports;
 * `gatewayScript` starts another build of the gateway,
 * `env` is added to every service's (e.g. KOMMUN_CACHE=false for the gateway).
 */
export async function startRealStack(db: BenchDatabase, gatewayScript?: string, env: NodeJS.ProcessEnv = {}): Promise<Stack> {
  for (const name of ['samverkan', ...realRegistry.map((k) => `kommun_${k.kommunkod}`)]) db.url(name);
  const stack = await startStack({
    serverUrl: db.serverUrl,
    databasePrefix: db.prefix,
    registry: realRegistry,
    gatewayPort: 0,
    samverkanPort: 0,
    kommunPort: () => 0,
    registryFile: path.join(tempDir('registry'), 'kommuner.json'),
    keysDir: benchKeysDir(),
    supervise: false,
    seed: true,
    gatewayScript,
    env: serviceEnv({ ...ONE_REPLICA, ...env }),
  });
  onCleanup('stack', () => stack.stop());
  return stack;
}

export interface MemoryKommuner {
  kommuner: (KommunEntry & { delayMs?: number })[];
  stop(): Promise<void>;
}

/** Starts the lightweight in-memory kommun instances (bench/memoryKommuner.ts) in one process. */
export async function startMemoryKommuner(
  list: { kommunkod: string; namn: string; lan: string; delayMs?: number }[],
): Promise<MemoryKommuner> {
  const out = path.join(tempDir('memory'), 'kommuner.json');
  const service = await startService({
    name: 'in-memory kommuner',
    script: 'bench/memoryKommuner.ts',
    env: serviceEnv({ MEMORY_KOMMUNER: JSON.stringify(list), MEMORY_KOMMUNER_OUT: out }),
  });
  onCleanup('in-memory kommuner', () => service.stop());
  return { kommuner: JSON.parse(fs.readFileSync(out, 'utf8')), stop: () => service.stop() };
}

/** What the gateway runs with when the bench measures the cost of trusted documents and rate limits: both off. */
export const withoutAdmission = { TRUSTED_DOCUMENTS: 'off', RATE_LIMIT: 'false' };

/** A gateway process over a given registry; samverkan is not asked by the fan-out queries. */
export async function startGateway(
  registry: KommunRegistry,
  env: NodeJS.ProcessEnv = {},
  samverkanUrl = 'http://127.0.0.1:9/graphql',
  nodeArgs?: string[],
): Promise<ServiceProcess> {
  const gateway = await startService({
    name: 'gateway',
    script: 'gateway/src/main.ts',
    nodeArgs,
    env: serviceEnv({
      ...ONE_REPLICA,
      PORT: '0',
      SAMVERKAN_URL: samverkanUrl,
      KOMMUN_REGISTRY: JSON.stringify({ kommuner: registry }),
      ...env,
    }),
  });
  onCleanup('gateway', () => gateway.stop());
  return gateway;
}
