import { createHmac, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../env.server';

/** Served over HTTPS (by PUBLIC_URL or the request itself): the cookie gets `Secure` and the `__Host-` prefix. */
export function isSecureRequest(request: Request): boolean {
  const env = getEnv();
  if (env.PUBLIC_URL) return env.PUBLIC_URL.startsWith('https://');
  return new URL(request.url).protocol === 'https:';
}

export function sessionCookieName(request: Request): string {
  return isSecureRequest(request) ? '__Host-mpw_session' : 'mpw_session';
}

function sign(value: string): string {
  return createHmac('sha256', getEnv().sessionSecret).update(value).digest('base64url');
}

export function signValue(value: string): string {
  return `${value}.${sign(value)}`;
}

export function unsignValue(signed: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(sign(value));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : null;
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export interface CookieOptions {
  maxAgeSeconds?: number;
  httpOnly?: boolean;
  secure: boolean;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
  if (options.httpOnly !== false) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join('; ');
}
