import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildingDirFor } from '#platform/http/staticFiles';

/**
 * The web apps of the project (`explorer/`, `dashboard/`) are Vite apps whose build (`dist/`)
 * is not committed. `npm start` and the browser tests call ensureFrontendBuilt, which builds an
 * app when it has no build or when a file it was built from changed since: a fresh clone needs
 * no extra command, and an edit shows up at the next start.
 */

const repoRoot = path.resolve(__dirname, '..');

export const frontendDir = (name: string): string => path.join(repoRoot, name);
/** The built app, as the gateway serves it. */
export const frontendDist = (name: string): string => path.join(frontendDir(name), 'dist');

/** Written into dist/ by scripts/viteBuild.mts: when the build started and from which files. */
interface BuildInputs {
  builtAt: number;
  inputs: string[];
}

/** Why the app must be built again, or null when its build is current. */
export function staleReason(name: string): string | null {
  const dist = frontendDist(name);
  const record = path.join(dist, '.build-inputs.json');
  if (!fs.existsSync(path.join(dist, 'index.html')) || !fs.existsSync(record)) return 'it has no build yet';
  const { builtAt, inputs } = JSON.parse(fs.readFileSync(record, 'utf8')) as BuildInputs;
  // The app's own folder catches new files and its config; the lock file, a changed dependency.
  const files = [...sourceFiles(frontendDir(name)), ...inputs, path.join(repoRoot, 'package-lock.json')];
  for (const file of new Set(files)) {
    const relative = path.relative(repoRoot, file);
    if (!fs.existsSync(file)) return `${relative} is gone`;
    if (fs.statSync(file).mtimeMs > builtAt) return `${relative} changed`;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'dist' || entry.name === 'node_modules') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : [full];
  });
}

const building = new Map<string, Promise<boolean>>();

/**
 * Builds `<name>/` into `<name>/dist` when it is missing or stale; resolves to whether it built.
 * Builds into a folder of its own and then moves it into place, so that a server never serves a
 * half-written build and two processes building at once do not mix their files.
 */
export function ensureFrontendBuilt(
  name: string,
  options: { force?: boolean; log?: (line: string) => void } = {},
): Promise<boolean> {
  const log = options.log ?? (() => undefined);
  const reason = options.force ? 'a build was asked for' : staleReason(name);
  if (!reason) return Promise.resolve(false);
  const pending = building.get(name);
  if (pending) return pending;
  const started = Date.now();
  log(`${name}: building with Vite, because ${reason}`);
  const dist = frontendDist(name);
  // The gateway answers the app's address with a page that reloads itself while this folder exists.
  const outDir = buildingDirFor(dist, process.pid);
  fs.mkdirSync(outDir, { recursive: true });
  const result = runViteBuild(frontendDir(name), outDir)
    .then(() => {
      fs.rmSync(dist, { recursive: true, force: true });
      try {
        fs.renameSync(outDir, dist);
      } catch (error) {
        // Another process moved its build into place first; it is built from the same files.
        if (!fs.existsSync(path.join(dist, 'index.html'))) throw error;
      }
      log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return true;
    })
    .finally(() => {
      fs.rmSync(outDir, { recursive: true, force: true });
      building.delete(name);
    });
  building.set(name, result);
  return result;
}

function runViteBuild(appDir: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'viteBuild.mts'), appDir, outDir], {
      cwd: repoRoot,
      // Always the production build: Vite follows NODE_ENV, and jest sets it to `test`, which
      // gave React's and Apollo Client's development builds (709 KB instead of 437 KB for the
      // dashboard) that `npm start` then served as current.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`Building ${path.relative(repoRoot, appDir)}/ failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}

/** The web apps `npm start` serves (through the gateway), each a folder with a Vite app. */
export const frontends = ['explorer', 'dashboard'];

/**
 * Builds every app of `frontends` that this checkout has and that needs it. A failed build is
 * logged, not thrown: the graph itself works without its web apps.
 */
export async function ensureFrontendsBuilt(log: (line: string) => void): Promise<void> {
  const present = frontends.filter((name) => fs.existsSync(path.join(frontendDir(name), 'index.html')));
  await Promise.all(
    present.map((name) =>
      ensureFrontendBuilt(name, { log }).catch((error: Error) =>
        log(`${name}: ${error.message}\n${name}: not served until \`npm run build:${name}\` succeeds`),
      ),
    ),
  );
}

// `npm run build:explorer` (add `-- --force` to build even when current).
if (require.main === module) {
  const [name, flag] = process.argv.slice(2);
  if (!name || !fs.existsSync(path.join(frontendDir(name), 'index.html'))) {
    console.error('usage: tsx scripts/frontendBuild.ts <app folder with index.html> [--force]');
    process.exit(2);
  }
  ensureFrontendBuilt(name, { force: flag === '--force', log: console.log }).then(
    (built) => {
      if (!built) console.log(`${name}: the build in ${path.relative(repoRoot, frontendDist(name))}/ is current`);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
