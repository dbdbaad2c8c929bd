import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { supergraphFile } from '#platform/supergraph';
import { freePort } from './freePort';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

export interface HiveGatewayOptions {
  /** The standalone kommun router (`npm run start:kommun-router`), the URL of the subgraph `kommun`. */
  kommunRouterUrl: string;
  samverkanUrl: string;
  /** The keys of the stack, for the internal token Hive Gateway sends to samverkan. */
  keysDir: string;
  env?: NodeJS.ProcessEnv;
  /** Its response cache on (`responseCaching`, one cache for every caller: the bench's load is anonymous). */
  responseCache?: boolean;
  /** The Rust query planner runtime (@graphql-hive/router-runtime's `unifiedGraphHandler`) instead of the JavaScript one. */
  rustQueryPlanner?: boolean;
}

export interface HiveGateway {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A real peer gateway: Hive Gateway (@graphql-hive/gateway, a devDependency) serving
 * schema/supergraph.graphql, with the subgraph URLs of this run, in a folder of its own.
 * Its configuration is the one the docs give, config/hive-gateway.ts, with the samverkan token
 * made by `npm run token -- --internal samverkan`.
 */
export async function startHiveGateway(options: HiveGatewayOptions): Promise<HiveGateway> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-hive-'));
  const supergraph = fs
    .readFileSync(supergraphFile, 'utf8')
    .replace(/(@join__graph\(name: "kommun", url: ")[^"]+/, `$1${options.kommunRouterUrl}`)
    .replace(/(@join__graph\(name: "samverkan", url: ")[^"]+/, `$1${options.samverkanUrl}`);
  fs.writeFileSync(path.join(workDir, 'supergraph.graphql'), supergraph);
  // config/hive-gateway.ts as the docs give it, with the options of this run added.
  const configFile = path.join(workDir, 'gateway.config.ts');
  fs.writeFileSync(
    configFile,
    [
      `import { gatewayConfig as documented } from ${JSON.stringify(path.join(root, 'config/hive-gateway.ts'))};`,
      options.rustQueryPlanner
        ? `import { unifiedGraphHandler } from ${JSON.stringify(path.join(root, 'node_modules/@graphql-hive/router-runtime/dist/index.js'))};`
        : '',
      'export const gatewayConfig = {',
      '  ...documented,',
      options.responseCache ? '  responseCaching: { session: () => null },' : '',
      options.rustQueryPlanner ? '  unifiedGraphHandler,' : '',
      '};',
      '',
    ].join('\n'),
  );
  // The token as a person makes it, by the command docs/api.md gives.
  const { stdout: samverkanToken } = await run(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/token.ts'), '--internal', 'samverkan', '--giltig', '8h'],
    { cwd: root, env: { ...process.env, KEYS_DIR: options.keysDir } },
  );
  const port = await freePort();
  const hive = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/@graphql-hive/gateway/dist/bin.js'),
      'supergraph',
      'supergraph.graphql',
      '--config-path',
      configFile,
      '--port',
      String(port),
    ],
    {
      cwd: workDir,
      env: { ...process.env, ...options.env, SAMVERKAN_TOKEN: samverkanToken.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Listening on/.test(output)) resolve();
    };
    hive.stdout!.on('data', onData);
    hive.stderr!.on('data', onData);
    hive.once('exit', (code) => {
      removeWorkDir();
      reject(new Error(`Hive Gateway exited (${code}):\n${output}`));
    });
  });
  return {
    url: `http://localhost:${port}/graphql`,
    pid: hive.pid!,
    async stop() {
      if (hive.exitCode === null && hive.signalCode === null) {
        const exited = new Promise((r) => hive.once('exit', r));
        hive.kill('SIGTERM');
        await exited;
      }
      removeWorkDir();
    },
  };
}
