import { data } from 'react-router';
import type { z } from 'zod';
import { AppError, isAppError, notFound, type FieldErrors } from './errors';
import { isMessageKey, type MessageKey } from './i18n/messages';

export interface ActionFailure {
  ok: false;
  formError: MessageKey | null;
  formParams: Record<string, string | number>;
  fieldErrors: FieldErrors;
}

/** Form body → zod. On failure an AppError(400) with German field messages; nothing is written. */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.infer<S>> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (cause) {
    throw new AppError({ status: 400, code: 'bad_form', message: 'validation.invalid', cause });
  }
  // A repeated field (checkbox group, multi-select) becomes an array; a single one stays a string.
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of form) {
    if (typeof value !== 'string') continue;
    const previous = values[key];
    if (previous === undefined) values[key] = value;
    else values[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    fieldErrors[field] ??= isMessageKey(issue.message) ? issue.message : 'validation.invalid';
  }
  throw new AppError({
    status: 400,
    code: 'validation_failed',
    message: 'signIn.errorSummary',
    fieldErrors,
  });
}

/** An AppError as form data plus status and headers; anything else propagates (→ 500). */
export function describeFailure(error: unknown): { body: ActionFailure; init: ResponseInit } {
  if (!isAppError(error)) throw error;
  return {
    body: {
      ok: false,
      formError:
        Object.keys(error.fieldErrors).length > 0 ? 'signIn.errorSummary' : error.messageKey,
      formParams: error.params,
      fieldErrors: error.fieldErrors,
    },
    init: { status: error.status, headers: error.headers },
  };
}

/** For actions: an AppError becomes the form's error data with its status; anything else propagates (→ 500). */
export function actionFailure(error: unknown) {
  const { body, init } = describeFailure(error);
  return data(body, init);
}

/** For loaders: an AppError is rethrown as an error response (404, 403 …) for the error boundary. */
export function rethrowAsResponse(error: unknown): never {
  if (isAppError(error)) {
    throw data(
      { messageKey: error.messageKey, code: error.code },
      { status: error.status, headers: error.headers },
    );
  }
  throw error;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route's id parameter (`/massnahmen/:measureId`): a UUID, lower-cased; anything else is a 404. */
export function idParam(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (value === undefined || !UUID.test(value)) throw notFound({ [name]: value });
  return value.toLowerCase();
}
