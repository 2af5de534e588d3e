import type { MessageKey } from './i18n/messages';

export type FieldErrors = Partial<Record<string, MessageKey>>;

export interface AppErrorOptions {
  status: number;
  code: string;
  /** Message shown to users, as an i18n key; never contains internals. */
  message: MessageKey;
  /** Values for the message's placeholders. */
  params?: Record<string, string | number>;
  fieldErrors?: FieldErrors;
  cause?: unknown;
  /** Extra data for logs (ids, sizes) — never secrets or document content. */
  context?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * The one error type. Domain code throws only AppError; routes turn it into a response
 * (status + translated message + field errors). Anything else is a bug and becomes a generic 500.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageKey: MessageKey;
  readonly params: Record<string, string | number>;
  readonly fieldErrors: FieldErrors;
  readonly context: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(options: AppErrorOptions) {
    super(options.code, { cause: options.cause });
    this.name = 'AppError';
    this.status = options.status;
    this.code = options.code;
    this.messageKey = options.message;
    this.params = options.params ?? {};
    this.fieldErrors = options.fieldErrors ?? {};
    this.context = options.context ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof Error && error.name === 'AppError' && 'messageKey' in error;
}

export const notFound = (context?: Record<string, unknown>) =>
  new AppError({ status: 404, code: 'not_found', message: 'error.notFound', context });

export const forbidden = (context?: Record<string, unknown>) =>
  new AppError({ status: 403, code: 'forbidden', message: 'error.forbidden', context });
