import { getEnv } from '../env.server';

/** The origin links in calendars point to; PUBLIC_URL wins over the request's own (proxies). */
export function publicOrigin(request: Request): string {
  return new URL(getEnv().PUBLIC_URL ?? request.url).origin;
}
