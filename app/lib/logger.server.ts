import pino from 'pino';
import { getEnv } from './env.server';
import { singleton } from './singleton.server';

/** The one logger. Log ids, sizes and durations; never passwords, tokens, cookies or document content. */
export function getLogger(): pino.Logger {
  return singleton('logger', () =>
    pino({
      level: getEnv().logLevel,
      base: { app: 'masterplan-werkstatt' },
      redact: {
        paths: [
          'password',
          '*.password',
          'cookie',
          '*.cookie',
          'headers.cookie',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    }),
  );
}

// Secret tokens in paths: invitation links and calendar feed URLs.
const SECRET_PATHS = /^(\/einladung\/|\/kalender\/)[^/?#]+/;

/** A request path fit for logs: no query string, and secret path segments (invitation tokens) masked. */
export function loggablePath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path.replace(SECRET_PATHS, '$1…');
}
