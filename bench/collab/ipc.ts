/**
 * The request/response protocol between the benchmark and its child processes (database bridge,
 * server under test, connection crowd): `{ id, command, args }` → `{ id, result | error }`, plus one
 * `{ ready }` message when the child is up.
 */
export interface Request {
  id: number;
  command: string;
  args: unknown;
}

export interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

export type Handlers = Record<string, (args: never) => unknown>;

/** Child side: answer the parent's requests; exit when the parent goes away. */
export function serveRequests(handlers: Handlers): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: Request) => {
    const handler = handlers[message.command] as ((args: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send?.({ id: message.id, result } satisfies Reply),
        (error: unknown) =>
          process.send?.({
            id: message.id,
            error: String((error as Error).stack ?? error),
          } satisfies Reply),
      );
  });
}

export function announceReady(ready: object): void {
  process.send?.({ ready });
}
