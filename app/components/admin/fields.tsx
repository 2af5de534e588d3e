import type { FieldErrors } from '~/lib/errors';
import type { MessageKey } from '~/lib/i18n/messages';
import { FormField } from '../form-field';
import { useT } from '../i18n';

interface FieldProps {
  id: string;
  name: string;
  label: string;
  errors: FieldErrors;
  help?: string;
  isRequired?: boolean;
}

function useLabel(label: string, isRequired: boolean | undefined): string {
  const t = useT();
  return isRequired ? `${label} ${t('admin.required')}` : label;
}

export function TextField({
  defaultValue,
  type = 'text',
  autoComplete = 'off',
  ...field
}: FieldProps & { defaultValue?: string; type?: 'text' | 'url'; autoComplete?: string }) {
  const label = useLabel(field.label, field.isRequired);
  return (
    <FormField
      id={field.id}
      name={field.name}
      label={label}
      errors={field.errors}
      help={field.help}
    >
      {(props) => (
        <input
          {...props}
          type={type}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          required={field.isRequired}
        />
      )}
    </FormField>
  );
}

export function TextAreaField({
  defaultValue,
  rows = 4,
  ...field
}: FieldProps & { defaultValue?: string; rows?: number }) {
  const label = useLabel(field.label, field.isRequired);
  return (
    <FormField
      id={field.id}
      name={field.name}
      label={label}
      errors={field.errors}
      help={field.help}
    >
      {(props) => (
        <textarea {...props} rows={rows} defaultValue={defaultValue} required={field.isRequired} />
      )}
    </FormField>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  defaultValue,
  options,
  ...field
}: FieldProps & { defaultValue?: string; options: readonly Option[] }) {
  const label = useLabel(field.label, field.isRequired);
  return (
    <FormField
      id={field.id}
      name={field.name}
      label={label}
      errors={field.errors}
      help={field.help}
    >
      {(props) => (
        <select {...props} defaultValue={defaultValue}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}

/** Checkboxes sharing one name in a fieldset; the action receives every checked value. */
export function CheckboxGroup({
  id,
  name,
  legend,
  help,
  errors,
  options,
  defaultValues,
}: {
  id: string;
  name: string;
  legend: string;
  help?: string;
  errors: FieldErrors;
  options: readonly Option[];
  defaultValues: readonly string[];
}) {
  const t = useT();
  const error: MessageKey | undefined = errors[name];
  const describedBy = [help ? `${id}-help` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset className="field admin-checkbox-group" aria-describedby={describedBy || undefined}>
      <legend>{legend}</legend>
      {help ? (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      <ul className="checkbox-list">
        {options.map((option) => (
          <li key={option.value}>
            <label>
              <input
                type="checkbox"
                name={name}
                value={option.value}
                defaultChecked={defaultValues.includes(option.value)}
                aria-invalid={error ? true : undefined}
              />
              {option.label}
            </label>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
