/** Classification help: five scores of 1–5 suggest a kind; the moderator decides and records why. */

export const SCORE_NAMES = [
  'impact',
  'effort',
  'timeToResult',
  'dependencies',
  'fundingReadiness',
] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];
export type Scores = Record<ScoreName, number>;

export type SuggestedKind = 'quick_win' | 'flagship' | 'masterplan_project';

/**
 * The suggestion, in this order:
 * - **Quick Win** when a visible result comes within about six months (time ≤ 2), the effort and
 *   the dependencies are moderate (≤ 3) and funding is at least in sight (≥ 3);
 * - **Leitprojekt** when the impact is high (≥ 4) but it is no Quick Win;
 * - otherwise **Masterplanprojekt**.
 * `quickWinScore` (1–5) says how clearly the measure fits a Quick Win: short time counts double.
 */
export function suggestKind(scores: Scores): { kind: SuggestedKind; quickWinScore: number } {
  const quickWinScore =
    Math.round(
      (((6 - scores.timeToResult) * 2 +
        (6 - scores.effort) +
        (6 - scores.dependencies) +
        scores.fundingReadiness +
        scores.impact) /
        6) *
        10,
    ) / 10;
  const isQuickWin =
    scores.timeToResult <= 2 &&
    scores.effort <= 3 &&
    scores.dependencies <= 3 &&
    scores.fundingReadiness >= 3;
  if (isQuickWin) return { kind: 'quick_win', quickWinScore };
  if (scores.impact >= 4) return { kind: 'flagship', quickWinScore };
  return { kind: 'masterplan_project', quickWinScore };
}
