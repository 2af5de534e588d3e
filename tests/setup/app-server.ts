import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createAppServer, loadServerBuild, type UpgradeHandler } from '../../app/server/app-server';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The real HTTP server on port 0, serving the production build (npm test builds first). */
export async function startTestServer(
  upgrades?: Record<string, UpgradeHandler>,
): Promise<TestServer> {
  const serverBuild = await loadServerBuild();
  if (!serverBuild)
    throw new Error('No build: run `npm run build` (npm test does) before the integration tests');
  const server = createAppServer({
    build: { server: serverBuild, clientDirectory: resolve('build/client') },
    upgrades,
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A minimal browser: keeps cookies, sends same-origin Origin on writes, never follows redirects. */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  async request(
    path: string,
    init: RequestInit & { form?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const method = init.method ?? (init.form ? 'POST' : 'GET');
    if (method !== 'GET' && !headers.has('origin')) headers.set('origin', this.baseUrl);
    const response = await fetch(`${this.baseUrl}${path}`, {
      ...init,
      method,
      headers,
      body,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  signIn(email: string, password: string) {
    return this.request('/anmelden', { form: { email, password } });
  }
}
