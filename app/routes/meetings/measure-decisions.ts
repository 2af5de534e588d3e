import { data } from 'react-router';
import type { Route } from './+types/measure-decisions';
import { requireUser } from '~/lib/auth/viewer.server';
import { describeFailure, idParam, parseForm } from '~/lib/http.server';
import { MeasureDecisionSchema, type DecisionResult } from '~/lib/meetings/meetings.schema';
import { recordMeasureDecision } from '~/lib/meetings/meetings.server';

/** /massnahmen/:measureId/beschluesse (no page): records a decision on a passage of the measure. */
export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    const decision = await parseForm(args.request, MeasureDecisionSchema);
    const decisionId = await recordMeasureDecision(db, measureId, decision);
    return data<DecisionResult>({ ok: true, decisionId });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<DecisionResult>(body, init);
  }
}
