import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply } from './ipc';

const CURRENT_FD_LIMIT =
  Number(execFileSync('/bin/sh', ['-c', 'ulimit -n']).toString().trim()) || 1024;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A child process of the benchmark, spoken to with `request()` (see ipc.ts). */
export class ChildHandle<Ready> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly exited: Promise<void>;

  private constructor(
    readonly process: ChildProcess,
    readonly ready: Ready,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    process.on('message', (message: Reply) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    });
    void this.exited.then(() => {
      for (const pending of this.pending.values())
        pending.reject(new Error('child process exited'));
      this.pending.clear();
    });
  }

  /**
   * Starts `bench/collab/<script>` under the same tsx loader, with `--expose-gc`, and waits for its
   * ready message. Raises the open-files limit through the shell when `fds` needs more.
   */
  static async start<Ready>(
    script: string,
    options: {
      env?: Record<string, string>;
      fds?: number;
      timeoutMs?: number;
      cwd?: string;
      execArgv?: string[];
      /** `script` is an absolute path to plain JavaScript: run it without the tsx loader. */
      isPlainNode?: boolean;
    } = {},
  ): Promise<ChildHandle<Ready>> {
    const path = options.isPlainNode ? script : fileURLToPath(new URL(script, import.meta.url));
    const execArgv = [
      ...(options.isPlainNode ? [] : process.execArgv),
      '--expose-gc',
      ...(options.execArgv ?? []),
    ];
    const env = { ...process.env, ...options.env };
    const stdio: ['ignore', 'inherit', 'inherit', 'ipc'] = ['ignore', 'inherit', 'inherit', 'ipc'];
    const child =
      options.fds && options.fds > CURRENT_FD_LIMIT
        ? spawn(
            '/bin/sh',
            [
              '-c',
              `ulimit -n ${options.fds} && exec "$@"`,
              'sh',
              process.execPath,
              ...execArgv,
              path,
            ],
            { env, stdio, cwd: options.cwd },
          )
        : fork(path, [], { execArgv, env, stdio, cwd: options.cwd });
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${script} did not start`)),
        options.timeoutMs ?? 120_000,
      );
      child.on('message', (message: { ready?: Ready }) => {
        if (message.ready === undefined) return;
        clearTimeout(timer);
        resolve(message.ready);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited with ${code} before it was ready`));
      });
    });
    return new ChildHandle(child, ready);
  }

  request<T>(command: string, args: unknown = {}, timeoutMs = 600_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${command} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.process.send({ id, command, args });
    });
  }

  /** SIGTERM (or the given signal), then SIGKILL if it has not exited within `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 30_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill(signal);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
