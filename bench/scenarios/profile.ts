import fs from 'node:fs';
import path from 'node:path';
import { load } from '../lib/load';
import { checkedQuery } from '../lib/net';
import { startGateway, startMemoryKommuner, tempDir } from '../lib/services';
import { DELAY_SEED, dashboardBody, list, seeded } from './dashboard';
import type { BenchSettings } from './settings';
import { gitRevision } from '../../scripts/gitRevision';

const KOMMUNER = 290;
const resultsDir = path.resolve(__dirname, '../results');
export const profileFile = path.join(resultsDir, 'profile-national-view.cpuprofile');
export const profileTableFile = path.join(resultsDir, 'profile-national-view.md');
const repoRoot = path.resolve(__dirname, '../..');

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  what: string;
  where: string;
  ms: number;
  percent: number;
}

/** Where a function lives, for a reader: the package under node_modules, or the file of the repository. */
function whereOf(url: string): string {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith('node:')) return file;
  // The file alone: lines are those of tsx's transpiled code, not the source's.
  return path.relative(repoRoot, file);
}

/** A package, Node's own code, or a folder of the repository. */
function areaOf(where: string): string {
  if (!where) return '';
  if (where.startsWith('node:')) return "Node's own (node:…)";
  if (!where.includes('/')) return where;
  return where.endsWith('.ts') ? path.dirname(where) : where;
}

/** Self time per function (its own samples, not its callees'), most first, from a V8 CPU profile. */
export function selfTimes(
  profile: CpuProfile,
  /** Samples before this many µs after the profile's start are left out (the start-up and warm-up). */
  fromUs = 0,
): { total: number; functions: SelfTime[]; packages: SelfTime[] } {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  let at = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < fromUs || !node || node.callFrame.functionName === '(idle)') return;
    total += us;
    const where = whereOf(node.callFrame.url);
    const key = `${node.callFrame.functionName || '(anonymous)'}\t${where}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const area = areaOf(where) || node.callFrame.functionName;
    pkg.set(area, (pkg.get(area) ?? 0) + us);
  });
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .map(([key, us]) => {
        const [what, where = ''] = key.split('\t');
        return { what, where, ms: us / 1000, percent: (100 * us) / total };
      });
  return { total: total / 1000, functions: rows(fn), packages: rows(pkg) };
}

/**
 * CPU with callees (ms) of the named functions, from `fromUs` on: a sample counts for a function
 * when the function is anywhere on its stack (once, however deep it recurses).
 */
export function inclusiveTimes(profile: CpuProfile, names: readonly string[], fromUs = 0): Map<string, number> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const totals = new Map(names.map((name) => [name, 0]));
  let at = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    at += us;
    if (at < fromUs) return;
    const counted = new Set<string>();
    for (let node = byNode.get(id); node; node = byNode.get(parentOf.get(node.id) ?? -1)) {
      const name = node.callFrame.functionName;
      if (totals.has(name) && !counted.has(name)) {
        counted.add(name);
        totals.set(name, totals.get(name)! + us);
      }
    }
  });
  return new Map([...totals].map(([name, us]) => [name, us / 1000]));
}

/**
 * What runs only after the slowest kommun has answered, so that none of it overlaps the kommuner's
 * delays: the check of a direct read's answer, or @apollo/gateway shaping the merged answer where
 * a query goes through it, and Apollo Server serialising it.
 */
const AFTER_LAST_ANSWER = [
  { name: 'hasShape', what: "the direct read's check that the answer has the shape asked for (`hasShape`)" },
  { name: 'computeResponse', what: "@apollo/gateway's result shaping (`computeResponse`), for a query that goes through it" },
  { name: 'prettyJSONStringify', what: "Apollo Server's serialisation of the answer (`prettyJSONStringify`)" },
] as const;

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * `BENCH_PROFILE=1 npm run bench`: where the gateway's time goes in a cold national view. The
 * gateway runs under `node --cpu-prof` over 290 in-memory stand-ins (5–40 ms delays, the
 * dashboard's seed), without the answer cache, and is asked `KommunOversikt` one request at a
 * time for the measured seconds; when it stops, its profile is written to
 * bench/results/profile-national-view.cpuprofile (open it in Chrome's DevTools or speedscope)
 * and the top functions by self time to bench/results/profile-national-view.md.
 */
export async function runProfile(settings: BenchSettings, log: (line: string) => void) {
  const revision = gitRevision();
  log(`profile: ${KOMMUNER} in-memory kommuner with delays, a gateway under --cpu-prof`);
  const kommuner = await startMemoryKommuner(list(KOMMUNER, 1000, seeded(DELAY_SEED)));
  const dir = tempDir('profile');
  const spawned = Date.now();
  const gateway = await startGateway(kommuner.kommuner, { KOMMUN_CACHE: 'false' }, undefined, [
    '--cpu-prof',
    '--cpu-prof-dir',
    dir,
  ]);
  const data = await checkedQuery(gateway.url, dashboardBody);
  if (data.kommuner.length !== KOMMUNER) throw new Error(`profile: the national view answered ${data.kommuner.length} kommuner`);
  // Warmed up first (modules loaded, code compiled); only the samples after the warm-up count.
  await load({ url: gateway.url, body: dashboardBody, connections: 1, seconds: settings.warmupSeconds });
  const measuredFromUs = (Date.now() - spawned) * 1000;
  const result = await load({ url: gateway.url, body: dashboardBody, connections: 1, seconds: settings.seconds });
  await gateway.stop();
  await kommuner.stop();
  // One profile per thread: the main thread's, and that of the thread tsx's module hooks run in
  // (which is idle under load). The main thread's is the largest.
  const written = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (!written.length) throw new Error('profile: the gateway wrote no profile');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.copyFileSync(written[0], profileFile);
  const profileData = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
  const times = selfTimes(profileData, measuredFromUs);
  const after = inclusiveTimes(
    profileData,
    AFTER_LAST_ANSWER.map((a) => a.name),
    measuredFromUs,
  );
  const perView = (name: string) => after.get(name)! / result.requests;
  const afterMs = AFTER_LAST_ANSWER.reduce((sum, a) => sum + perView(a.name), 0);
  const pct = (v: number) => `${v.toFixed(1)} %`;
  const table = [
    `# Where a cold national view's time goes`,
    '',
    `Written by \`BENCH_PROFILE=1 npm run bench\` at ${new Date().toISOString()}: the gateway under \`node --cpu-prof\`, ` +
      `${KOMMUNER} in-memory stand-ins with 5–40 ms delays, no answer cache, ${result.requests} KommunOversikt one at a time ` +
      `(p50 ${result.p50.toFixed(2)} ms) after a warm-up of ${settings.warmupSeconds} s. ${times.total.toFixed(0)} ms of CPU sampled ` +
      `over those requests (idle, start-up and warm-up left out; the .cpuprofile holds all of it): ` +
      `\`${path.basename(profileFile)}\`.`,
    '',
    `Commit: ${revision.commit}.`,
    '',
    '## After the last kommun has answered',
    '',
    "These run only once every kommun has answered, so none of their time overlaps the kommuner's delays; " +
      'the budget of a cold national view (the largest delay + 15 ms) leaves 15 ms for them, for sending the 290 ' +
      'requests and for reading the 290 answers. CPU with callees per view, under the profiler:',
    '',
    '| what | ms per view |',
    '| --- | --- |',
    ...AFTER_LAST_ANSWER.map((a) => `| ${cell(a.what)} | ${perView(a.name).toFixed(1)} |`),
    `| together | ${afterMs.toFixed(1)} |`,
    '',
    '## By area',
    '',
    '| area | self ms | share |',
    '| --- | --- | --- |',
    ...times.packages.slice(0, 15).map((r) => `| ${cell(r.what || r.where)} | ${r.ms.toFixed(0)} | ${pct(r.percent)} |`),
    '',
    '## Top functions by self time',
    '',
    '| function | where | self ms | share |',
    '| --- | --- | --- | --- |',
    ...times.functions.slice(0, 30).map((r) => `| ${cell(r.what)} | ${cell(r.where)} | ${r.ms.toFixed(0)} | ${pct(r.percent)} |`),
    '',
  ].join('\n');
  fs.writeFileSync(profileTableFile, table);
  return {
    requests: result.requests,
    p50: result.p50,
    cpuMs: times.total,
    afterLastAnswerMsPerView: Object.fromEntries(AFTER_LAST_ANSWER.map((a) => [a.name, perView(a.name)])),
    top: times.functions.slice(0, 10),
  };
}
