/** Sizes of the benchmark: the by default, BENCH_SCALE=small for a quick run. */
const isSmall = process.env.BENCH_SCALE === 'small';

export const SCALE = {
  name: isSmall ? 'small' : 'full',
  rooms: { warmupMs: isSmall ? 1_500 : 5_000, durationMs: isSmall ? 6_000 : 15_000 },
  idle: {
    documents: isSmall ? 100 : 1_000,
    perDocument: 10,
    rampLimitMs: Number(process.env.BENCH_IDLE_RAMP_S ?? (isSmall ? 60 : 240)) * 1000,
  },
  storm: { documents: isSmall ? 20 : 100, perDocument: 10, bytes: 300_000 },
  loading: {
    megabyteSamples: isSmall ? 10 : 30,
    megabyteTailDocuments: isSmall ? 3 : 10,
    editCount: isSmall ? 20_000 : 100_000,
    editDocuments: isSmall ? 1 : 3,
    editSnapshotSamples: isSmall ? 5 : 10,
  },
  traces: isSmall ? ['clownschool_flat'] : ['automerge-paper', 'seph-blog1', 'clownschool_flat'],
};

export type Scenario = 'rooms' | 'idle' | 'storm' | 'loading' | 'replay';

/** BENCH_ONLY=rooms,storm runs just those parts. */
export function isSelected(scenario: Scenario): boolean {
  const only = process.env.BENCH_ONLY;
  return (
    !only ||
    only
      .split(',')
      .map((s) => s.trim())
      .includes(scenario)
  );
}
