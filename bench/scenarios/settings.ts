/** How long and how hard each load scenario runs; small enough for the whole bench to stay under five minutes. */
export interface BenchSettings {
  /** Concurrent connections of autocannon in the load scenarios. */
  connections: number;
  /** Concurrent connections in the fan-out and slow-kommun scenarios (latency, not throughput). */
  fanOutConnections: number;
  seconds: number;
  warmupSeconds: number;
}

export const defaultSettings: BenchSettings = {
  connections: 10,
  fanOutConnections: 1,
  seconds: Number(process.env.BENCH_SECONDS ?? 8),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
};
