import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeResultsReport } from '../../scripts/resultsReport';

/**
 * What `npm run test:containers` measured, written to bench/results/containers.json after the
 * test passed (scripts/testContainers.sh gives the figures; docs/docker.md quotes this file).
 * A build that found its images or layers already there is recorded as such: its seconds are not
 * those of a build from nothing.
 */
const root = path.resolve(__dirname, '../..');
const env = process.env;
const run = (file: string, args: string[]) =>
  execFileSync(file, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

const measured = JSON.parse(fs.readFileSync(env.MEASURES!, 'utf8') || '{}');
const imageBytes = Object.fromEntries(
  env.IMAGES!.split(' ').map((entry) => {
    const at = entry.lastIndexOf('=');
    return [entry.slice(0, at), Number(entry.slice(at + 1))];
  }),
);
const dirty = run('git', ['status', '--porcelain']) !== '';
const commit = run('git', ['rev-parse', '--short', 'HEAD']);
const composeVersion = (() => {
  try {
    return run('docker', ['compose', 'version', '--short']);
  } catch {
    return run('docker-compose', ['version', '--short']);
  }
})();

const file = path.join(root, 'bench/results/containers.json');
const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const built = env.BASE_IMAGES_BUILT ?? 'none';
const at = new Date().toISOString();
// A run that built the base images built the project's image on them from nothing too (no layer
// of it could be reused): those are the figures of a fresh machine, kept until the next such run.
const fromNothing =
  built !== 'none' && built !== 'official'
    ? { at, baseImagesSeconds: Number(env.BASE_SECONDS), projectImageSeconds: Number(env.IMAGE_SECONDS) }
    : previous.fromNothing;

const results = {
  at,
  commit: dirty ? `${commit} (with uncommitted changes)` : commit,
  cpus: os.cpus().length,
  loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
  engine: run('docker', ['version', '--format', '{{.Server.Version}}']),
  compose: composeVersion,
  nodeImage: env.NODE_IMAGE,
  baseImages: { built, seconds: Number(env.BASE_SECONDS) },
  projectImage: { name: env.KOMMUNGRAF_IMAGE, buildSeconds: Number(env.IMAGE_SECONDS) },
  // The jest run: up, every check, down.
  testSeconds: Number(env.TEST_SECONDS),
  imageMegabytes: Object.fromEntries(Object.entries(imageBytes).map(([name, bytes]) => [name, Math.round(bytes / 1e6)])),
  ...measured,
  fromNothing,
};
fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`containers: figures written to ${path.relative(root, file)}`);
writeResultsReport();
