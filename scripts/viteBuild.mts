/**
 * Builds one Vite app into a given folder and records what went into it, for
 * ensureFrontendBuilt (frontendBuild.ts) to tell later whether the build is stale. Run as its
 * own process (`node --import tsx scripts/viteBuild.mts <appDir> <outDir>`): Vite is ESM only,
 * and the callers (jest, tsx scripts) are CommonJS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'vite';

const [appDir, outDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!appDir || !outDir) throw new Error('usage: viteBuild.mts <appDir> <outDir>');
const builtAt = Date.now();

/** Every source file of the bundle outside node_modules, e.g. contract/*.graphql imported raw. */
function recordBuildInputs(): Plugin {
  return {
    name: 'record-build-inputs',
    apply: 'build',
    generateBundle() {
      const inputs = [...this.getModuleIds()]
        .map((id) => id.split('?')[0])
        .filter((file) => path.isAbsolute(file) && !file.includes(`${path.sep}node_modules${path.sep}`))
        .filter((file) => fs.existsSync(file));
      this.emitFile({
        type: 'asset',
        fileName: '.build-inputs.json',
        source: JSON.stringify({ builtAt, inputs: [...new Set(inputs)].sort() }, null, 2),
      });
    },
  };
}

await build({
  root: appDir,
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
  plugins: [recordBuildInputs()],
});
