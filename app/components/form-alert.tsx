import type { MessageKey } from '~/lib/i18n/messages';
import { useT } from './i18n';

/** The part of an action's failure a page shows above its forms. */
export interface FormFailure {
  formError?: MessageKey | null;
  formParams?: Record<string, string | number>;
}

/** The form-level error of the last submission, announced at once; nothing without one. */
export function FormAlert({ failure }: { failure: FormFailure | null | undefined }) {
  const t = useT();
  if (!failure?.formError) return null;
  return (
    <div className="alert alert--error" role="alert">
      {t(failure.formError, failure.formParams)}
    </div>
  );
}

/** A form's error, or its "Gespeichert." once the last submission went through; announced either way. */
export function FormMessages({
  failure,
  isSaved,
}: {
  failure: FormFailure | null | undefined;
  isSaved: boolean;
}) {
  const t = useT();
  if (failure?.formError) return <FormAlert failure={failure} />;
  if (isSaved) {
    return (
      <p className="alert alert--success" role="status">
        {t('common.saved')}
      </p>
    );
  }
  return null;
}
