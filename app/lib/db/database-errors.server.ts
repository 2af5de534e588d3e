import { AppError, isAppError } from '../errors';
import type { MessageKey } from '../i18n/messages';

export interface ConstraintMessage {
  status: number;
  message: MessageKey;
  /** The form field the message belongs to, if any. */
  field?: string;
}

interface PgError {
  code?: string;
  constraint?: string;
}

function isPgError(error: unknown): error is Error & PgError {
  return error instanceof Error && typeof (error as PgError).code === 'string';
}

/**
 * Turns a Postgres refusal into an AppError. `constraints` maps constraint (or raise … constraint =)
 * names to messages; RLS and trigger refusals (42501) become 403; other integrity errors 400/409.
 * Anything else is rethrown unchanged (a bug → 500).
 */
export function toAppError(
  error: unknown,
  constraints: Record<string, ConstraintMessage> = {},
): never {
  if (isAppError(error) || !isPgError(error)) throw error;
  const known = error.constraint ? constraints[error.constraint] : undefined;
  if (known) {
    throw new AppError({
      status: known.status,
      code: error.constraint!,
      message: known.field ? 'signIn.errorSummary' : known.message,
      fieldErrors: known.field ? { [known.field]: known.message } : undefined,
      cause: error,
    });
  }
  switch (error.code) {
    case '42501':
      throw new AppError({
        status: 403,
        code: 'forbidden',
        message: 'error.forbidden',
        cause: error,
      });
    case '23505':
      throw new AppError({
        status: 409,
        code: 'duplicate',
        message: 'error.duplicate',
        cause: error,
      });
    case '23503':
      throw new AppError({
        status: 400,
        code: 'reference',
        message: 'error.reference',
        cause: error,
      });
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      throw new AppError({
        status: 400,
        code: 'invalid',
        message: 'validation.invalid',
        cause: error,
      });
    default:
      throw error;
  }
}
