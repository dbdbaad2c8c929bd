import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled services in dist/ import `#platform/…`, `#subgraph-kit/…` and `#dev-tools/…` as the
 * sources do. The root package.json maps those names to the TypeScript sources; dist/ gets a
 * package.json of its own that maps them to the compiled files beside it.
 */
const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { imports: Record<string, string> };
const imports = Object.fromEntries(
  Object.entries(manifest.imports).map(([name, target]) => [name, target.replace(/\.ts$/, '.js')]),
);
fs.writeFileSync(path.join(root, 'dist', 'package.json'), `${JSON.stringify({ private: true, imports }, null, 2)}\n`);
