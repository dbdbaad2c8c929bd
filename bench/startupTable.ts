import fs from 'node:fs';
import path from 'node:path';
import type { StartTimes, Startup } from './scenarios/startup';

/** bench/results/startup.json: what the start-up part of `npm run bench` measured, and where. */
export interface StartupResults extends Startup {
  ranAt: string;
  nproc: number;
  loadAverage: number[];
}

export const startupResultsFile = path.resolve(__dirname, 'results/startup.json');
export const operationsDoc = path.resolve(__dirname, '../docs/operations.md');
const BEGIN = '<!-- startup:begin (written by npm run bench from bench/results/startup.json) -->';
const END = '<!-- startup:end -->';

const s = (seconds: number) => `${seconds.toFixed(1)} s`;
const row = (start: string, does: string, times: StartTimes) =>
  `| ${start} | ${does} | ${s(times.upSeconds)} | ${s(times.gatewayReadySeconds)} |`;

/** The table of docs/operations.md, "Starting and stopping `npm start`", from the results. */
export function startupTable(results: StartupResults): string {
  return [
    BEGIN,
    '| start | what it does | up (the last line) after | the gateway answers after |',
    '| --- | --- | --- | --- |',
    row(
      'first, in a fresh clone',
      'builds the explorer and the dashboard (Vite), initialises the embedded PostgreSQL, creates, migrates and seeds every database',
      results.freshClone,
    ),
    row(
      'first, with the web apps built',
      'initialises the embedded PostgreSQL, creates, migrates and seeds every database',
      results.firstStart,
    ),
    row('every later one', 'starts the database and the services on the data in `.data/`', results.laterStart),
    '',
    `Measured ${results.ranAt.slice(0, 10)} on ${results.nproc} cores, load average ${results.loadAverage[0].toFixed(1)} at the end.`,
    END,
  ].join('\n');
}

export const readStartupResults = (): StartupResults => JSON.parse(fs.readFileSync(startupResultsFile, 'utf8')) as StartupResults;

/** The table block as docs/operations.md has it now. */
export function documentedStartupTable(): string | undefined {
  const text = fs.readFileSync(operationsDoc, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  return begin < 0 || end < begin ? undefined : text.slice(begin, end + END.length);
}

/** Writes the table of the results into docs/operations.md, in place of the one there. */
export function writeStartupTable(results: StartupResults): void {
  const current = documentedStartupTable();
  if (!current) throw new Error(`${operationsDoc} has no ${BEGIN} … ${END} block`);
  const text = fs.readFileSync(operationsDoc, 'utf8');
  fs.writeFileSync(operationsDoc, text.replace(current, startupTable(results)));
}
