import fs from 'node:fs';
import path from 'node:path';

/**
 * The tables of docs/performance.md, docs/reliability.md, docs/docker.md and README's budgets are generated from
 * the results files (`bench/results/latest.json`, `soak.json`, `containers.json`), so that no
 * figure in the docs is typed by hand. Each table sits between two markers in its docs file and is replaced as a
 * whole; the prose around it is the docs' own. `npm run bench`, `npm run soak` and
 * `npm run test:containers` call this when they write their results; `npm run results-report` runs it alone.
 */

const repoRoot = path.resolve(__dirname, '..');
export const benchResultsFile = path.join(repoRoot, 'bench/results/latest.json');
export const soakResultsFile = path.join(repoRoot, 'bench/results/soak.json');
export const performanceDoc = path.join(repoRoot, 'docs/performance.md');
export const reliabilityDoc = path.join(repoRoot, 'docs/reliability.md');
export const containersResultsFile = path.join(repoRoot, 'bench/results/containers.json');
export const dockerDoc = path.join(repoRoot, 'docs/docker.md');
export const readme = path.join(repoRoot, 'README.md');

interface BenchResults {
  ranAt: string;
  commit?: string;
  /** Absent in results files written before it was recorded; the commit field then says so itself. */
  dirty?: boolean;
  durationSeconds: number;
  machine: { nproc: number; cpu: string; node: string; os: string };
  database: string;
  settings: { nodeEnv?: { services?: string } };
  table: { scenario: string; figure: string; value: string; budget?: string; ok?: boolean }[];
}

interface SoakResults {
  at: string;
  commit?: string;
  dirty?: boolean;
  nodeEnv: string | null;
  node: string;
  cpus: number;
  loadAverage: { start: number[]; end: number[] };
  seconds: number;
  startupSeconds: number;
  duration: number;
  requests: Record<string, number>;
  http: Record<string, number>;
  status5xx: { whileGatewayDown: number; otherwise: number };
  errors: { coded: number; withoutCode: number; codes: Record<string, number> };
  writes: Record<string, { sent: number; acknowledged: number; refused: Record<string, number>; retries: number }>;
  faults: { fault: string; offsetSeconds: number; seconds: number }[];
  lost: number;
  duplicated: number;
  refusedButPresent: number;
  halfWritten: number;
  gaps: number;
  gatewayRssMiB: { warm: number; end: number; growthPercent: number; max: number };
  processes: { seen: number; leftBehind: number; stopSeconds: number };
  checks: { check: string; ok: boolean; detail?: string }[];
  passed: boolean;
}

interface ContainersResults {
  at: string;
  commit: string;
  cpus: number;
  loadAverageAtEnd: number[];
  engine: string;
  compose: string;
  nodeImage: string;
  projectImage: { name: string; buildSeconds: number };
  baseImages: { built: string; seconds: number };
  testSeconds: number;
  imageMegabytes: Record<string, number>;
  upToHealthySeconds: number;
  fromNothing?: { at: string; baseImagesSeconds: number; projectImageSeconds: number };
}

/** A table cell: pipes would end the cell early. */
const cell = (text: string | number): string => String(text).replace(/\|/g, '\\|');
const minute = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
/** The commit, short; a results file from a tree with changes is marked as such, never shown as a commit. */
const shortCommit = (commit?: string, dirty?: boolean): string => {
  const short = commit ? commit.replace(/^([0-9a-f]{7})[0-9a-f]*/, '$1') : 'unknown';
  return dirty && !/uncommitted/.test(short) ? `${short} with uncommitted changes (not a commit)` : short;
};

export function renderBench(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `Run of ${minute(results.ranAt)} (commit ${shortCommit(results.commit, results.dirty)}), ${results.durationSeconds.toFixed(0)} s, ` +
      `on ${machine.nproc} cores (${machine.cpu}), Node ${machine.node}, ${machine.os}; ${results.database}; ` +
      `services with \`NODE_ENV=${results.settings.nodeEnv?.services ?? 'unset'}\`.`,
    '',
    '| scenario | figure | value | budget |',
    '| --- | --- | --- | --- |',
    ...results.table.map(
      (row) =>
        `| ${cell(row.scenario)} | ${cell(row.figure)} | ${cell(row.value)} | ${
          row.budget ? `${cell(row.budget)} ${row.ok ? '✅' : '❌'}` : ''
        } |`,
    ),
  ];
  const broken = results.table.filter((row) => row.budget && !row.ok);
  lines.push('', broken.length ? `Budgets broken in this run: ${broken.length}.` : 'Every budget held in this run.');
  return lines.join('\n');
}

/**
 * README's short table: every budget of the last run and whether it held; the whole table, with
 * what each figure means, is docs/performance.md's. The refusals of hostile documents are one row.
 */
export function renderBudgets(results: BenchResults): string {
  const budgeted = results.table.filter((row) => row.budget);
  const refusals = budgeted.filter((row) => row.figure.startsWith('refuses '));
  const held = (ok?: boolean) => (ok ? '✅' : '❌');
  const lines = [
    `From the last run of \`npm run bench\` (${minute(results.ranAt)}, commit ${shortCommit(results.commit, results.dirty)}, ` +
      `${results.machine.nproc} cores); what each figure means is in [docs/performance.md](docs/performance.md).`,
    '',
    '| figure | value | budget |',
    '| --- | --- | --- |',
    ...budgeted
      .filter((row) => !refusals.includes(row))
      .map((row) => `| ${cell(`${row.scenario}: ${row.figure}`)} | ${cell(row.value)} | ${cell(row.budget!)} ${held(row.ok)} |`),
  ];
  if (refusals.length) {
    const refused = refusals.filter((row) => row.ok).length;
    lines.push(
      `| hostile documents refused, each with its code | ${refused} of ${refusals.length} | all, ≤ 100 µs per fragment ${held(refused === refusals.length)} |`,
    );
  }
  return lines.join('\n');
}

const list = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .map(([code, count]) => `\`${code}\` ${count}`)
    .join(', ') || 'none';

export function renderSoak(results: SoakResults): string {
  const r = results.requests;
  const rows: [string, string][] = [
    [
      'load / whole run (start, load, settling, checks)',
      `${results.seconds} s / ${results.duration} s (stack up after ${results.startupSeconds} s)`,
    ],
    ['requests (reads / write requests)', `${r.total} (${r.reads} / ${r.writeRequests})`],
    ['answered / HTTP status', `${r.answered} / ${list(results.http)}`],
    ...Object.entries(results.writes).map(([mutation, w]): [string, string] => [
      `\`${mutation}\`: sent, acknowledged, refused, retries`,
      `${w.sent}, ${w.acknowledged}, ${Object.keys(w.refused).length ? list(w.refused) : 'none'}, ${w.retries}`,
    ]),
    [`coded errors in answers (without a code: ${results.errors.withoutCode})`, list(results.errors.codes)],
    ...results.faults.map((f): [string, string] => [`fault at ${f.offsetSeconds} s`, `${f.fault} (back after ${f.seconds} s)`]),
    ['**lost / duplicated** acknowledged writes', `**${results.lost} / ${results.duplicated}**`],
    ['refused yet present / half written / gaps', `${results.refusedButPresent} / ${results.halfWritten} / ${results.gaps}`],
    ['HTTP 5xx (while the gateway was up / down)', `${results.status5xx.otherwise} / ${results.status5xx.whileGatewayDown}`],
    [
      'connections refused while the gateway restarted (expected) / otherwise',
      `${r.refusedWhileGatewayDown} / ${r.refusedOtherwise}`,
    ],
    [
      '**accepted requests lost** (cut during the answer / by the drain / timed out)',
      `**${r.lostAfterAccepted} / ${r.cutByDrain} / ${r.timeouts}**`,
    ],
    [
      'cut before any answer (not accepted; writes resent) / of them while the gateway restarted',
      `${r.resetBeforeAnswer} / ${r.resetBeforeAnswerWhileGatewayRestarted}`,
    ],
    [
      'gateway RSS, floor of 10 s after warm-up / of the last 10 s (peak)',
      `${results.gatewayRssMiB.warm} MiB / ${results.gatewayRssMiB.end} MiB (${results.gatewayRssMiB.growthPercent} %; peak ${results.gatewayRssMiB.max})`,
    ],
    [
      'processes of the stack seen / left after it stopped',
      `${results.processes.seen} / ${results.processes.leftBehind} (stopped in ${results.processes.stopSeconds} s)`,
    ],
  ];
  return [
    `Run of ${minute(results.at)} (commit ${shortCommit(results.commit, results.dirty)}), on ${results.cpus} cores, Node ${results.node}, ` +
      `\`NODE_ENV\` ${results.nodeEnv ?? 'unset'}, load average ${results.loadAverage.start[0]} at the start and ` +
      `${results.loadAverage.end[0]} at the end. ${results.passed ? 'Every check passed.' : '**Some checks failed.**'}`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([figure, value]) => `| ${cell(figure)} | ${cell(value)} |`),
    '',
    '| check | passed | detail |',
    '| --- | --- | --- |',
    ...results.checks.map((c) => `| ${cell(c.check)} | ${c.ok ? '✅' : '❌'} | ${cell(c.detail ?? '')} |`),
  ].join('\n');
}

export function renderContainers(results: ContainersResults): string {
  const { fromNothing } = results;
  const rows: [string, string][] = [
    ...Object.entries(results.imageMegabytes).map(([image, mb]): [string, string] => [`image \`${image}\``, `${mb} MB`]),
    ['from `up` to every long-running container healthy', `${results.upToHealthySeconds} s`],
    ['the jest run: up, every check, down', `${results.testSeconds} s`],
    [
      `building the project's image in this run (base images built in it: ${results.baseImages.built})`,
      `${results.projectImage.buildSeconds} s`,
    ],
    ...(fromNothing
      ? ([
          [`building the local base images from nothing (${minute(fromNothing.at)})`, `${fromNothing.baseImagesSeconds} s`],
          ["building the project's image on them from nothing", `${fromNothing.projectImageSeconds} s`],
        ] as [string, string][])
      : []),
  ];
  return [
    `Run of ${minute(results.at)} (commit ${shortCommit(results.commit)}), on ${results.cpus} cores, load average ` +
      `${results.loadAverageAtEnd[0]} at the end; Docker ${results.engine}, compose ${results.compose}, ` +
      `the image on \`${results.nodeImage}\`.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([figure, value]) => `| ${cell(figure)} | ${cell(value)} |`),
  ].join('\n');
}

const begin = (name: string): string =>
  `<!-- ${name}: generated by scripts/resultsReport.ts; edit the results file, not this table -->`;
const end = (name: string): string => `<!-- end of ${name} -->`;

/** The docs file with the text between `name`'s markers replaced by `body`. */
export function withSection(doc: string, name: string, body: string): string {
  const from = doc.indexOf(begin(name));
  const to = doc.indexOf(end(name));
  if (from < 0 || to < from) throw new Error(`the docs have no markers for ${name}: ${begin(name)} … ${end(name)}`);
  return `${doc.slice(0, from)}${begin(name)}\n\n${body}\n\n${doc.slice(to)}`;
}

/** The docs files as they should read with the current results files. */
export function renderedDocs(): { file: string; text: string }[] {
  const read = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  return [
    {
      file: performanceDoc,
      text: withSection(fs.readFileSync(performanceDoc, 'utf8'), 'bench results', renderBench(read(benchResultsFile))),
    },
    {
      file: reliabilityDoc,
      text: withSection(fs.readFileSync(reliabilityDoc, 'utf8'), 'soak results', renderSoak(read(soakResultsFile))),
    },
    {
      file: readme,
      text: withSection(fs.readFileSync(readme, 'utf8'), 'bench budgets', renderBudgets(read(benchResultsFile))),
    },
    {
      file: dockerDoc,
      text: withSection(fs.readFileSync(dockerDoc, 'utf8'), 'containers results', renderContainers(read(containersResultsFile))),
    },
  ];
}

/** Writes the generated tables into the docs; returns the files it changed. */
export function writeResultsReport(): string[] {
  const changed: string[] = [];
  for (const { file, text } of renderedDocs()) {
    if (fs.readFileSync(file, 'utf8') === text) continue;
    fs.writeFileSync(file, text);
    changed.push(path.relative(repoRoot, file));
  }
  return changed;
}

if (require.main === module) {
  const changed = writeResultsReport();
  console.log(changed.length ? `results report: wrote ${changed.join(', ')}` : 'results report: the docs are current');
}
