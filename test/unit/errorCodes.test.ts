import fs from 'node:fs';
import path from 'node:path';
import { errorCodes } from '#platform/errors';

/**
 * The registry of error codes (common/platform/errors.ts) is the one list of what a client can
 * see in `extensions.code`; the error tables of the docs (README.md and docs/*.md) document it. They must agree both ways, and
 * the code base must take its codes from the registry rather than spell them anew.
 */
const root = path.resolve(__dirname, '../..');
const registered = Object.keys(errorCodes);

const docs = [
  path.join(root, 'README.md'),
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(root, 'docs', name)),
];

/** The first column of every docs table whose header starts with `code`. */
function readmeCodes(): string[] {
  const codes: string[] = [];
  let inCodeTable = false;
  const lines = docs.flatMap((file) => [...fs.readFileSync(file, 'utf8').split('\n'), '']);
  for (const line of lines) {
    if (!line.startsWith('|')) {
      inCodeTable = false;
      continue;
    }
    const first = line.split('|')[1].trim();
    if (/^code$/i.test(first)) inCodeTable = true;
    else if (inCodeTable && !/^-+$/.test(first)) codes.push(first.replace(/^`|`$/g, ''));
  }
  return codes;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}
const production = ['gateway/src', 'common', 'subgraphs', 'scripts'].flatMap((dir) => sourceFiles(path.join(root, dir)));

it('documents every registered code in an error table of the docs', () => {
  const documented = new Set(readmeCodes());
  expect(registered.filter((code) => !documented.has(code))).toEqual([]);
});

it('registers every code of the docs’ error tables, each documented once', () => {
  const documented = readmeCodes();
  expect(documented.length).toBeGreaterThan(10);
  expect(documented.filter((code) => !(code in errorCodes))).toEqual([]);
  expect(documented.filter((code, i) => documented.indexOf(code) !== i)).toEqual([]);
});

it('gives every code a meaning', () => {
  expect(Object.entries(errorCodes).filter(([, meaning]) => meaning.length < 10)).toEqual([]);
});

it('takes codes from the registry: no code spelt as a string outside it', () => {
  const spelt: string[] = [];
  const quoted = new RegExp(`['"\`](${registered.join('|')})['"\`]`, 'g');
  for (const file of production) {
    if (file === path.join(root, 'common/platform/errors.ts')) continue;
    const source = fs.readFileSync(file, 'utf8');
    const where = path.relative(root, file);
    for (const match of source.matchAll(quoted)) {
      // An environment variable named like the code it leads to (SAMVERKAN_TIMEOUT) is not the code.
      if (/FromEnv\(env, $/.test(source.slice(Math.max(0, match.index - 20), match.index))) continue;
      spelt.push(`${where}: ${match[1]}`);
    }
    // A code of its own, not in the registry at all.
    for (const match of source.matchAll(/\bcode:\s*['"`]([A-Z][A-Z0-9_]*)['"`]/g)) spelt.push(`${where}: ${match[1]}`);
  }
  expect(spelt).toEqual([]);
});
