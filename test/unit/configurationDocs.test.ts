import fs from 'node:fs';
import path from 'node:path';

/**
 * docs/configuration.md has one table of every environment variable. The code is the truth:
 * every variable a module of the services, scripts, bench or config/ reads must have a row, and every
 * row must name a variable something reads, so the table can neither miss a setting nor keep
 * one that is gone.
 */
const root = path.resolve(__dirname, '../..');

/** Read by the code but not ours to document: the shell's own, passed on to child processes. */
const notOurs = new Set(['PATH', 'HOME']);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', 'generated'].includes(entry.name) || entry.name.startsWith('.')) return [];
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.m?ts$/.test(entry.name) ? [file] : [];
  });
}

/** Every variable read as `env.NAME`, `env['NAME']` or through a helper called as `(env, 'NAME', …)`. */
function variablesReadByCode(): Map<string, string[]> {
  const read = new Map<string, string[]>();
  const patterns = [
    /\benv\.([A-Z][A-Z0-9_]*)\b/g,
    /\benv\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\]/g,
    /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
    // scripts/config.ts's `required('NAME')`, which reads env[name].
    /\brequired\(\s*['"]([A-Z][A-Z0-9_]*)['"]/g,
  ];
  const files = ['gateway', 'subgraphs', 'common', 'scripts', 'bench', 'config'].flatMap((dir) =>
    sourceFiles(path.join(root, dir)),
  );
  for (const file of files) {
    const source = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const [, name] of source.matchAll(pattern)) {
        if (notOurs.has(name)) continue;
        read.set(name, [...(read.get(name) ?? []), path.relative(root, file)]);
      }
    }
  }
  return read;
}

/** The first cell of every row of the table whose header is `| variable | service | default | meaning |`. */
function documentedVariables(): string[] {
  const lines = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\|\s*variable\s*\|\s*service\s*\|\s*default\s*\|\s*meaning\s*\|$/.test(line.trim()));
  expect(header).toBeGreaterThanOrEqual(0);
  const names: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    expect(cells).toHaveLength(4);
    names.push(cells[0].trim().replace(/^`|`$/g, ''));
  }
  return names;
}

it('documents every environment variable the code reads, one per row', () => {
  const documented = new Set(documentedVariables());
  const missing = [...variablesReadByCode()]
    .filter(([name]) => !documented.has(name))
    .map(([name, files]) => `${name} (${files[0]})`);
  expect(missing).toEqual([]);
});

it('documents only variables the code reads, each once', () => {
  const documented = documentedVariables();
  expect(documented.length).toBeGreaterThan(20);
  const read = variablesReadByCode();
  expect(documented.filter((name) => !read.has(name))).toEqual([]);
  expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  expect(documented.filter((name) => !/^[A-Z][A-Z0-9_]*$/.test(name))).toEqual([]);
});
