import type { MessageKey } from '~/lib/i18n/messages';
import { useT } from '../i18n';

/** The part of an action's failure a page shows above its forms. */
export interface FormFailure {
  formError: MessageKey | null;
  formParams: Record<string, string | number>;
}

/** The form-level error of the last submission, announced at once. */
export function FormAlert({ failure }: { failure: FormFailure | undefined }) {
  const t = useT();
  if (!failure?.formError) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t(failure.formError, failure.formParams)}
    </div>
  );
}

/** What the last successful change did (after its redirect). */
export function Notice({ message }: { message: MessageKey | null }) {
  const t = useT();
  return (
    <div role="status" className="admin-status">
      {message ? <p className="notice">{t(message)}</p> : null}
    </div>
  );
}
