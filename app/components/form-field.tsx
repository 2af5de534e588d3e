import type { ReactNode } from 'react';
import type { FieldErrors } from '~/lib/errors';
import { useT } from './i18n';

/** A labelled field with its German error and help text wired up for screen readers. */
export function FormField({
  id,
  label,
  errors,
  name,
  help,
  children,
}: {
  id: string;
  label: string;
  name: string;
  errors?: FieldErrors;
  help?: string;
  children: (props: {
    id: string;
    name: string;
    'aria-invalid'?: true;
    'aria-describedby'?: string;
  }) => ReactNode;
}) {
  const t = useT();
  const error = errors?.[name];
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help ? (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {children({
        id,
        name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}
