import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Entity keys and typed operations are generated from the supergraph and contract/ before each
 * build. Those sources are loaded into the module graph too (never into the bundle), so that the
 * build's record of its inputs names them and a changed contract makes the build stale.
 */
function generateGraphCode(): Plugin {
  const sources = () => [
    path.join(root, 'schema/supergraph.graphql'),
    ...fs
      .readdirSync(path.join(root, 'contract'))
      .filter((file) => file.endsWith('.graphql'))
      .map((file) => path.join(root, 'contract', file)),
  ];
  return {
    name: 'dashboard-codegen',
    async buildStart() {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/dashboardCodegen.ts')], {
        cwd: root,
        stdio: 'inherit',
      });
      await Promise.all(sources().map((file) => this.load({ id: `${file}?raw` })));
    },
  };
}

// Served by the gateway under /dashboard/; relative asset paths keep the build movable.
export default defineConfig({
  base: './',
  plugins: [generateGraphCode(), react()],
  build: { chunkSizeWarningLimit: 1000 },
});
