/**
 * Everything the bench starts registers how to undo it here; `cleanUp` runs the undos newest
 * first, once, also when the bench fails or is interrupted.
 */
const undos: { name: string; undo: () => Promise<unknown> | unknown }[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanup(name: string, undo: () => Promise<unknown> | unknown): void {
  undos.push({ name, undo });
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (undos.length) {
      const { name, undo } = undos.pop()!;
      try {
        await undo();
      } catch (error) {
        console.error(`cleanup: ${name}: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** `fn` run at most once; later calls get the first call's promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}
