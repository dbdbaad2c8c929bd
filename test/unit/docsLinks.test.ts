import fs from 'node:fs';
import path from 'node:path';

/**
 * README.md is the front door and stays short; the reference is in docs/. Every relative link in
 * them must lead somewhere: the file exists and, where the link names a heading (`#…`), the file
 * has that heading (GitHub's anchors: lower case, punctuation dropped, spaces as `-`).
 */
const root = path.resolve(__dirname, '../..');
const README_MAX_LINES = 250;

const docs = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks, where a `[x](y)` is not a link. */
function prose(file: string): string {
  let fenced = false;
  return fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .filter((line) => {
      if (/^\s*```/.test(line)) fenced = !fenced;
      return !fenced;
    })
    .join('\n');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(file).matchAll(/^#{1,6}\s+(.*)$/gm)) {
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count ? `${slug}-${count}` : slug);
  }
  return result;
}

it(`keeps README.md to at most ${README_MAX_LINES} lines`, () => {
  const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').trimEnd().split('\n').length;
  expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
});

it('resolves every relative link of README.md and docs/ to a file and heading that exist', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const file of docs) {
    // Inline links and images, not the `[text]` of a table or a GraphQL list type.
    for (const [, target] of prose(file).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      checked++;
      const [filePart, anchor] = target.split('#');
      const resolved = filePart ? path.normalize(path.join(path.dirname(file), decodeURIComponent(filePart))) : file;
      if (!fs.existsSync(path.join(root, resolved))) {
        broken.push(`${file}: ${target} (no ${resolved})`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor))
        broken.push(`${file}: ${target} (no heading #${anchor})`);
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(10);
});
