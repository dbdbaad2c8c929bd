import fs from 'node:fs';
import { loadRegistry, type KommunRegistry } from './registry';

/**
 * Keeps the kommun router's registry in step with its file: a kommun joins or leaves by editing
 * the file, with no restart. A file that does not parse is reported and the old registry kept.
 * Polling (fs.watchFile) rather than fs.watch, because editors and config tools replace files
 * by rename, which fs.watch loses track of.
 */
export function watchRegistry(
  file: string,
  apply: (registry: KommunRegistry) => void,
  log: { info(message: string): void; warn(message: string): void },
): { reload(): void; stop(): void } {
  const reload = () => {
    try {
      const registry = loadRegistry(undefined, file);
      apply(registry);
      log.info(`registry reloaded from ${file}: ${registry.map((k) => `${k.kommunkod} ${k.namn}`).join(', ')}`);
    } catch (error) {
      log.warn(`registry not reloaded, keeping the previous one: ${(error as Error).message}`);
    }
  };
  const listener = (current: fs.Stats, previous: fs.Stats) => {
    if (current.mtimeMs !== previous.mtimeMs) reload();
  };
  fs.watchFile(file, { interval: 500 }, listener);
  return { reload, stop: () => fs.unwatchFile(file, listener) };
}
