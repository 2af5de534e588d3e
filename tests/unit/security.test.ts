import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SignInSchema, NewPasswordSchema } from '../../app/lib/auth/auth.schema';
import {
  readCookie,
  serializeCookie,
  signValue,
  unsignValue,
} from '../../app/lib/auth/cookies.server';
import { safeRedirectPath } from '../../app/lib/auth/session.server';
import { parseEnv } from '../../app/lib/env.server';
import { isCrossSiteWrite } from '../../app/server/app-server';

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as IncomingMessage;

describe('cross-site writes', () => {
  it('refuses a foreign Origin or Sec-Fetch-Site: cross-site on state-changing methods only', () => {
    expect(
      isCrossSiteWrite(
        request('POST', { host: 'localhost:3000', origin: 'https://evil.example' }),
        [],
      ),
    ).toBe(true);
    expect(
      isCrossSiteWrite(
        request('POST', { host: 'localhost:3000', 'sec-fetch-site': 'cross-site' }),
        [],
      ),
    ).toBe(true);
    expect(isCrossSiteWrite(request('POST', { host: 'localhost:3000', origin: 'null' }), [])).toBe(
      true,
    );
    expect(
      isCrossSiteWrite(
        request('POST', { host: 'localhost:3000', origin: 'http://localhost:3000' }),
        [],
      ),
    ).toBe(false);
    expect(
      isCrossSiteWrite(
        request('POST', { host: 'intern:3000', origin: 'https://werkstatt.example' }),
        ['https://werkstatt.example'],
      ),
    ).toBe(false);
    expect(
      isCrossSiteWrite(
        request('GET', { host: 'localhost:3000', origin: 'https://evil.example' }),
        [],
      ),
    ).toBe(false);
    expect(
      isCrossSiteWrite(
        request('POST', { host: 'localhost:3000', 'sec-fetch-site': 'same-origin' }),
        [],
      ),
    ).toBe(false);
  });
});

describe('cookies', () => {
  it('signed values verify and tampered ones do not', () => {
    const signed = signValue('token-123');
    expect(unsignValue(signed)).toBe('token-123');
    expect(unsignValue(`${signed}x`)).toBeNull();
    expect(unsignValue(signed.replace('token-123', 'token-124'))).toBeNull();
    expect(unsignValue('no-dot')).toBeNull();
  });

  it('reads and writes cookies', () => {
    const header = serializeCookie('a', 'b c', { secure: true, maxAgeSeconds: 60 });
    expect(header).toBe('a=b%20c; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=60');
    const req = new Request('http://x/', { headers: { cookie: 'x=1; a=b%20c; broken=%E0%A4%A' } });
    expect(readCookie(req, 'a')).toBe('b c');
    expect(readCookie(req, 'broken')).toBeNull();
    expect(readCookie(req, 'missing')).toBeNull();
  });
});

describe('redirect targets', () => {
  it('follows only same-site relative paths', () => {
    expect(safeRedirectPath('/massnahmen?x=1')).toBe('/massnahmen?x=1');
    expect(safeRedirectPath('//evil.example')).toBe('/');
    expect(safeRedirectPath('/\\evil.example')).toBe('/');
    expect(safeRedirectPath('https://evil.example')).toBe('/');
    expect(safeRedirectPath(undefined)).toBe('/');
  });
});

describe('passwords', () => {
  it('needs 10 characters and at most 72 bytes', () => {
    expect(NewPasswordSchema.safeParse('kurz').error?.issues[0]?.message).toBe(
      'validation.passwordTooShort',
    );
    expect(NewPasswordSchema.safeParse('a'.repeat(72)).success).toBe(true);
    expect(NewPasswordSchema.safeParse('ä'.repeat(37)).error?.issues[0]?.message).toBe(
      'validation.passwordTooLong',
    );
  });

  it('normalises the e-mail of a sign-in', () => {
    expect(SignInSchema.parse({ email: ' Jemand@Example.ORG ', password: 'x' }).email).toBe(
      'jemand@example.org',
    );
    expect(
      SignInSchema.safeParse({ email: 'kein-at', password: 'x' }).error?.issues[0]?.message,
    ).toBe('validation.emailInvalid');
  });
});

describe('configuration', () => {
  it('production without SESSION_SECRET stops with a clear message', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET is required in production/,
    );
  });

  it('development has working defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('rejects a malformed port', () => {
    expect(() => parseEnv({ PORT: 'abc' })).toThrow(/PORT/);
  });
});

describe('logs', () => {
  it('never contain invitation tokens or query strings', async () => {
    const { loggablePath } = await import('../../app/lib/logger.server');
    expect(loggablePath('/einladung/abcDEF123_-?x=1')).toBe('/einladung/…');
    expect(loggablePath('/massnahmen/1?q=geheim')).toBe('/massnahmen/1');
  });
});
