import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Entity keys and typed operations are generated from the supergraph and contract/ before each build. */
function generateGraphCode(): Plugin {
  return {
    name: 'dashboard-codegen',
    buildStart() {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/dashboardCodegen.ts')], {
        cwd: root,
        stdio: 'inherit',
      });
    },
  };
}

// Served by the gateway under /dashboard/; relative asset paths keep the build movable.
export default defineConfig({
  base: './',
  plugins: [generateGraphCode(), react()],
  build: { chunkSizeWarningLimit: 1000 },
});
