import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Writes the generated code that tests read, as `npm run typecheck` does: the trusted documents
 * manifest (every gateway a test starts reads it) and the dashboard's operation types, so that
 * `jest` alone, or one project of it, runs in a fresh clone.
 */
export default function writeGeneratedCode(): void {
  execFileSync(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '../../scripts/dashboardCodegen.ts')], {
    stdio: 'inherit',
  });
}
