import type { ReactNode } from 'react';
import type { MessageKey } from '~/lib/i18n/messages';
import { useT } from '../i18n';

interface FieldProps {
  id: string;
  name: string;
  label: string;
  error?: MessageKey;
  hint?: string;
  isRequired?: boolean;
}

function describedBy(id: string, hint: string | undefined, error: MessageKey | undefined) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function ariaFor({ id, hint, error, isRequired }: FieldProps) {
  return {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    required: isRequired,
  };
}

function FieldFrame({ id, label, hint, error, isRequired, children }: FieldProps & { children: ReactNode }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {isRequired ? <span className="field-required"> {t('admin.required')}</span> : null}
      </label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: FieldProps & { defaultValue?: string; type?: 'text' | 'url'; autoComplete?: string },
) {
  return (
    <FieldFrame {...props}>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete ?? 'off'}
        {...ariaFor(props)}
      />
    </FieldFrame>
  );
}

export function TextAreaField(props: FieldProps & { defaultValue?: string; rows?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={props.id}
        name={props.name}
        rows={props.rows ?? 4}
        defaultValue={props.defaultValue}
        {...ariaFor(props)}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(
  props: FieldProps & { defaultValue?: string; options: readonly Option[] },
) {
  return (
    <FieldFrame {...props}>
      <select id={props.id} name={props.name} defaultValue={props.defaultValue} {...ariaFor(props)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Checkboxes sharing one name; the action receives every checked value. */
export function CheckboxGroup(props: {
  id: string;
  name: string;
  legend: string;
  hint?: string;
  error?: MessageKey;
  options: readonly Option[];
  defaultValues: readonly string[];
}) {
  const t = useT();
  const { id, hint, error } = props;
  return (
    <fieldset className="field checkbox-group" aria-describedby={describedBy(id, hint, error)}>
      <legend>{props.legend}</legend>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {props.options.map((option) => (
        <div className="checkbox" key={option.value}>
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            name={props.name}
            value={option.value}
            defaultChecked={props.defaultValues.includes(option.value)}
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}
