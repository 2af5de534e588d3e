import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Duplex } from 'node:stream';
import { createRequestListener } from '@react-router/node';
import type { ServerBuild } from 'react-router';
import sirv from 'sirv';
import type { ViteDevServer } from 'vite';
import { getEnv } from '~/lib/env.server';
import { getLogger, loggablePath } from '~/lib/logger.server';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface AppServerOptions {
  /** Production: the built React Router server and the folder of built browser assets. */
  build?: { server: ServerBuild; clientDirectory: string };
  /** Development: Vite in middleware mode. */
  vite?: ViteDevServer;
  /** Upgrade handlers by path prefix (the collaboration server attaches at `/collab/`). */
  upgrades?: Record<string, UpgradeHandler>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request from another site is refused: `Sec-Fetch-Site: cross-site`, or an
 * `Origin` that is neither this server's own nor in ALLOWED_ORIGINS.
 */
export function isCrossSiteWrite(
  request: IncomingMessage,
  allowedOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(request.method ?? 'GET')) return false;
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (allowedOrigins.includes(origin)) return false;
  const host = request.headers.host;
  if (!host) return true;
  return origin !== `http://${host}` && origin !== `https://${host}`;
}

function refuse(response: ServerResponse, status: number, text: string) {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/** The one HTTP server: static assets, React Router pages and actions, and upgrade routing. */
export function createAppServer(options: AppServerOptions): Server {
  const env = getEnv();
  const logger = getLogger();
  const build = options.build;
  const vite = options.vite;
  if (!build && !vite) throw new Error('createAppServer needs a build or a Vite dev server');

  const handleDocument = createRequestListener({
    build: build
      ? build.server
      : () => vite!.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>,
    // A served build runs in production mode (no error details to the browser), whatever NODE_ENV says.
    mode: build ? 'production' : 'development',
    getLoadContext: (request) => ({
      requestId: request.headers.get('x-request-id') ?? randomUUID(),
      cspNonce: randomBytes(16).toString('base64'),
    }),
  });
  const serveAssets = build
    ? sirv(build.clientDirectory, {
        etag: true,
        setHeaders: (response, pathname) => {
          response.setHeader(
            'Cache-Control',
            pathname.startsWith('/assets/')
              ? 'public, max-age=31536000, immutable'
              : 'public, max-age=3600',
          );
        },
      })
    : null;

  const server = createServer((request, response) => {
    const started = performance.now();
    const requestId = randomUUID();
    request.headers['x-request-id'] = requestId;
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    response.on('finish', () => {
      logger.info(
        {
          requestId,
          method: request.method,
          path: loggablePath(request.url ?? '/'),
          status: response.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    if (isCrossSiteWrite(request, env.allowedOrigins)) {
      refuse(
        response,
        403,
        'Anfrage von einer fremden Website abgelehnt. / Cross-site request refused.',
      );
      return;
    }
    const next = () => {
      void Promise.resolve(handleDocument(request, response)).catch((error: unknown) => {
        logger.error({ err: error, requestId }, 'request handler failed');
        if (!response.headersSent) refuse(response, 500, 'Interner Fehler / Internal error');
        else response.destroy();
      });
    };
    if (serveAssets) serveAssets(request, response, next);
    else vite!.middlewares(request, response, next);
  });

  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0] ?? '';
    for (const [prefix, handle] of Object.entries(options.upgrades ?? {})) {
      if (path.startsWith(prefix)) {
        handle(request, socket, head);
        return;
      }
    }
    // Vite's HMR socket attaches its own upgrade listener in development.
    if (vite && path === '/__vite_hmr') return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

/** Imports the built React Router server, or null when there is no build. */
export async function loadServerBuild(): Promise<ServerBuild | null> {
  const serverBuildPath = resolve('build/server/index.js');
  if (!existsSync(serverBuildPath)) return null;
  return (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
}
