/** How long and how hard each load scenario runs; small enough for the whole bench to stay under five minutes. */
export interface BenchSettings {
  /** Concurrent connections of autocannon in the load scenarios. */
  connections: number;
  /** Concurrent connections in the fan-out and slow-kommun scenarios (latency, not throughput). */
  fanOutConnections: number;
  seconds: number;
  warmupSeconds: number;
  /** Rounds of an interleaved comparison (A, B, A, B …), each `roundSeconds` long; the median counts. */
  rounds: number;
  roundSeconds: number;
}

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

export const defaultSettings: BenchSettings = {
  connections: 10,
  fanOutConnections: 1,
  seconds,
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
  rounds,
  // An interleaved comparison takes about as long per configuration as one figure does.
  roundSeconds: Math.max(1, Math.round(seconds / rounds)),
};
