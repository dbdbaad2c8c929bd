import fs from 'node:fs';

/**
 * Every process of the stack (its services and everything below them), seen while it runs, so
 * that after it stops the soak can tell whether any is still there. A pid is matched with its
 * start time, so a pid the kernel has given to a new process is not taken for the old one. The
 * soak's own helpers (tsx's esbuild service), there before the stack, are not the stack's.
 */
export class ProcessWatch {
  private readonly seen = new Map<number, { startTime: string; command: string }>();
  private readonly before = new Set(descendants(process.pid));
  private timer: NodeJS.Timeout | undefined;

  /** `roots`: the pids of the stack's service processes right now (they change on restarts). */
  constructor(private readonly roots: () => (number | undefined)[]) {}

  start(everyMs = 1000): void {
    this.scan();
    this.timer = setInterval(() => this.scan(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get count(): number {
    return this.seen.size;
  }

  scan(): void {
    const roots = this.roots().filter((pid): pid is number => pid !== undefined);
    for (const pid of [...roots, ...roots.flatMap((root) => descendants(root))]) {
      const stat = readStat(pid);
      if (stat && !this.seen.has(pid)) this.seen.set(pid, { startTime: stat.startTime, command: commandLine(pid) });
    }
  }

  /** The processes seen that still run (the same pid, the same start time), and any new one below the soak. */
  alive(): { pid: number; command: string }[] {
    const still = [...this.seen]
      .filter(([pid, p]) => readStat(pid)?.startTime === p.startTime)
      .map(([pid, p]) => ({ pid, ...p }));
    const fresh = descendants(process.pid)
      .filter((pid) => !this.seen.has(pid) && !this.before.has(pid))
      .map((pid) => ({ pid, command: commandLine(pid) }));
    return [...still, ...fresh].map(({ pid, command }) => ({ pid, command }));
  }
}

interface Stat {
  ppid: number;
  startTime: string;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command (field 2) is in parentheses and may hold spaces; the fields after it are plain.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // A zombie has exited; only its parent's wait is missing.
  if (fields[0] === 'Z') return undefined;
  return { ppid: Number(fields[1]), startTime: fields[19] };
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 200);
  } catch {
    return '?';
  }
}

/** The pids of every process below `root`. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** A process's resident memory in MiB (VmRSS of /proc/<pid>/status). */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number((Number(match[1]) / 1024).toFixed(1)) : undefined;
  } catch {
    return undefined;
  }
}
