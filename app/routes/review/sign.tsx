import { data } from 'react-router';
import type { Route } from './+types/sign';
import { requireUser } from '~/lib/auth/viewer.server';
import { describeFailure, idParam, parseForm } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { translate } from '~/lib/i18n/i18n';
import { SignSchema, type SignResult } from '~/lib/review/review.schema';
import { signMeasure } from '~/lib/review/review.server';

/** Mitzeichnung (no page): the signer confirms the current text for their organisation. */

export async function action(args: Route.ActionArgs) {
  const signedIn = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    const input = await parseForm(args.request, SignSchema);
    const locale = getLocale(args.request, signedIn.viewer.locale);
    await signMeasure(
      signedIn.db,
      measureId,
      input.organizationId,
      translate(locale, 'review.signoff.versionName'),
    );
    return data<SignResult>({ ok: true });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<SignResult>(body, init);
  }
}
