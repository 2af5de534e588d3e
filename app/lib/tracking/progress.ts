/**
 * Progress of a measure, derived from its indicators where they allow it. Pure: shared by the
 * Umsetzung page, the dashboard, the exports and the public page, so they always agree.
 */

export interface IndicatorFigures {
  baselineValue: number | null;
  targetValue: number | null;
  /** The most recent measured value (by measurement date), if any. */
  latestValue: number | null;
}

/**
 * How far the latest value has come from the baseline towards the target, 0–100 (whole percent).
 * Works for falling targets too (baseline 40 → target 10). Null when baseline, target or a
 * measured value is missing, or baseline equals target. Overshooting counts as 100, falling back
 * behind the baseline as 0.
 */
export function indicatorProgress(figures: IndicatorFigures): number | null {
  const { baselineValue, targetValue, latestValue } = figures;
  if (baselineValue === null || targetValue === null || latestValue === null) return null;
  if (baselineValue === targetValue) return null;
  const ratio = (latestValue - baselineValue) / (targetValue - baselineValue);
  return Math.round(Math.min(1, Math.max(0, ratio)) * 100);
}

export type ProgressSource = 'indicators' | 'manual';

/**
 * The measure's progress: the mean of its indicators' progress where at least one indicator
 * defines it, otherwise the manually set percentage.
 */
export function measureProgress(
  manualProgress: number,
  indicators: readonly IndicatorFigures[],
): { value: number; source: ProgressSource } {
  const derived = indicators
    .map(indicatorProgress)
    .filter((value): value is number => value !== null);
  if (derived.length === 0) return { value: manualProgress, source: 'manual' };
  const mean = derived.reduce((sum, value) => sum + value, 0) / derived.length;
  return { value: Math.round(mean), source: 'indicators' };
}

/** A Postgres numeric (text on the wire) as a number; null stays null. */
export function toNumber(value: string | number | null): number | null {
  if (value === null) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}
