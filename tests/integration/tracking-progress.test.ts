import { describe, expect, it } from 'vitest';
import { suggestKind } from '../../app/lib/tracking/classification';
import { indicatorProgress, measureProgress } from '../../app/lib/tracking/progress';
import { IndicatorSchema } from '../../app/lib/tracking/tracking.schema';

describe('indicator progress', () => {
  it('is the share of the way from baseline to target, in whole percent', () => {
    expect(indicatorProgress({ baselineValue: 10, targetValue: 30, latestValue: 15 })).toBe(25);
    expect(indicatorProgress({ baselineValue: 0, targetValue: 3, latestValue: 1 })).toBe(33);
    expect(indicatorProgress({ baselineValue: 0, targetValue: 3, latestValue: 2 })).toBe(67);
  });

  it('works for falling targets', () => {
    expect(indicatorProgress({ baselineValue: 40, targetValue: 10, latestValue: 25 })).toBe(50);
    expect(indicatorProgress({ baselineValue: 40, targetValue: 10, latestValue: 10 })).toBe(100);
  });

  it('counts overshooting as 100 and falling behind the baseline as 0', () => {
    expect(indicatorProgress({ baselineValue: 10, targetValue: 20, latestValue: 35 })).toBe(100);
    expect(indicatorProgress({ baselineValue: 10, targetValue: 20, latestValue: 4 })).toBe(0);
  });

  it('is undefined without baseline, target or measured value, or when they coincide', () => {
    expect(indicatorProgress({ baselineValue: null, targetValue: 20, latestValue: 5 })).toBeNull();
    expect(indicatorProgress({ baselineValue: 1, targetValue: null, latestValue: 5 })).toBeNull();
    expect(indicatorProgress({ baselineValue: 1, targetValue: 20, latestValue: null })).toBeNull();
    expect(indicatorProgress({ baselineValue: 5, targetValue: 5, latestValue: 5 })).toBeNull();
  });
});

describe('measure progress', () => {
  it('is the mean of the indicators that define one', () => {
    expect(
      measureProgress(90, [
        { baselineValue: 0, targetValue: 100, latestValue: 20 },
        { baselineValue: 0, targetValue: 10, latestValue: 5 },
        { baselineValue: null, targetValue: 10, latestValue: 5 },
      ]),
    ).toEqual({ value: 35, source: 'indicators' });
  });

  it('falls back to the manual percentage when no indicator defines one', () => {
    expect(measureProgress(40, [])).toEqual({ value: 40, source: 'manual' });
    expect(measureProgress(40, [{ baselineValue: 1, targetValue: 2, latestValue: null }])).toEqual({
      value: 40,
      source: 'manual',
    });
  });
});

describe('classification suggestion', () => {
  const base = { impact: 3, effort: 2, timeToResult: 1, dependencies: 2, fundingReadiness: 4 };

  it('suggests a Quick Win for a quick, cheap, funded measure', () => {
    expect(suggestKind(base).kind).toBe('quick_win');
  });

  it('suggests a Leitprojekt for a high-impact measure that is not quick', () => {
    expect(suggestKind({ ...base, impact: 5, timeToResult: 4 }).kind).toBe('flagship');
  });

  it('suggests a Masterplanprojekt otherwise', () => {
    expect(suggestKind({ ...base, impact: 2, fundingReadiness: 1 }).kind).toBe(
      'masterplan_project',
    );
  });

  it('rates the Quick Win fit from 1 to 5', () => {
    expect(
      suggestKind({ impact: 5, effort: 1, timeToResult: 1, dependencies: 1, fundingReadiness: 5 })
        .quickWinScore,
    ).toBe(5);
    expect(
      suggestKind({ impact: 1, effort: 5, timeToResult: 5, dependencies: 5, fundingReadiness: 1 })
        .quickWinScore,
    ).toBe(1);
  });
});

describe('indicator form', () => {
  it('reads German and English decimals', () => {
    const parsed = IndicatorSchema.parse({
      name: 'Ausbildungsplätze',
      unit: 'Plätze',
      baselineValue: '1.250,5',
      baselineDate: '',
      targetValue: '2000.25',
      targetDate: '',
    });
    expect(parsed).toMatchObject({
      baselineValue: 1250.5,
      targetValue: 2000.25,
      baselineDate: null,
    });
  });

  it('refuses a target equal to the baseline', () => {
    const result = IndicatorSchema.safeParse({
      name: 'Quote',
      baselineValue: '5',
      targetValue: '5,0',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('tracking.error.targetDiffers');
  });
});
