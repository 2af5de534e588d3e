/** The printed table: one row per measurement, our server beside the relay, target and verdict. */
export interface Row {
  'collab server': string;
  'plain relay': string;
  ratio: string;
  target: string;
  verdict: string;
}

export const rows: Record<string, Row> = {};

export function addRow(
  name: string,
  values: {
    collab: string;
    relay?: string;
    ratio?: number | null;
    target?: string;
    isMet?: boolean | null;
  },
): void {
  rows[name] = {
    'collab server': values.collab,
    'plain relay': values.relay ?? 'n/a',
    ratio:
      values.ratio === undefined || values.ratio === null || !Number.isFinite(values.ratio)
        ? ''
        : `${values.ratio.toFixed(2)}×`,
    target: values.target ?? '',
    verdict:
      values.isMet === undefined || values.isMet === null ? '' : values.isMet ? 'ok' : 'MISSED',
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '—');
export const seconds = (value: number) =>
  Number.isFinite(value) ? `${(value / 1000).toFixed(2)} s` : '—';
export const megabytes = (bytes: number) =>
  `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
export const pair = (a: number, b: number, unit = ms) => `${unit(a)} / ${unit(b)}`;
export const count = (value: number) => value.toLocaleString('en-US');
