/**
 * Child process: an in-memory PGlite behind a Postgres wire-protocol socket, so the server under
 * test (another process) reaches the embedded database over TCP as it would reach Postgres.
 * PGlite is one session: a connection holds it from its first message until Postgres reports
 * "idle" (ReadyForQuery 'I'), so transactions of different connections never interleave.
 */
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { openBenchDatabase } from '../support';
import { announceReady, serveRequests } from './ipc';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const parameter = (name: string, value: string) => message('S', Buffer.from(`${name}\0${value}\0`));
const STARTUP_REPLY = Buffer.concat([
  message('R', Buffer.from([0, 0, 0, 0])),
  parameter('server_encoding', 'UTF8'),
  parameter('client_encoding', 'UTF8'),
  parameter('DateStyle', 'ISO, MDY'),
  parameter('integer_datetimes', 'on'),
  parameter('standard_conforming_strings', 'on'),
  message('Z', Buffer.from('I')),
]);
const SYNC = message('S', Buffer.alloc(0));
const ROLLBACK = message('Q', Buffer.from('rollback\0'));

/** The transaction status of the last ReadyForQuery in a backend reply, or null if there is none. */
function lastStatus(reply: Uint8Array): string | null {
  const view = Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength);
  let status: string | null = null;
  for (let offset = 0; offset + 5 <= view.length; offset += 1 + view.readInt32BE(offset + 1)) {
    if (view[offset] === 0x5a) status = String.fromCharCode(view[offset + 5]!);
  }
  return status;
}

delete process.env.BENCH_DATABASE_URL;
const template = await openBenchDatabase();
const dump = await template.dump!();
await template.close();
const pglite = await PGlite.create({ extensions: { pgcrypto, uuid_ossp }, loadDataDir: dump });

let owner: object | null = null;
let waiting: (() => void)[] = [];
async function acquire(session: object) {
  while (owner !== null && owner !== session) await new Promise<void>((wake) => waiting.push(wake));
  owner = session;
}
function release(session: object) {
  if (owner !== session) return;
  owner = null;
  const woken = waiting;
  waiting = [];
  for (const wake of woken) wake();
}

function serve(socket: net.Socket) {
  const session = {};
  let buffer: Buffer = Buffer.alloc(0);
  let isStarted = false;
  let chain = Promise.resolve();
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());

  async function run(batch: Buffer, isTerminated: boolean) {
    if (batch.length > 0) {
      await acquire(session);
      try {
        const reply = await pglite.execProtocolRaw(new Uint8Array(batch));
        if (!socket.destroyed) socket.write(reply);
        if (lastStatus(reply) === 'I') release(session);
      } catch (error) {
        socket.destroy(error as Error);
      }
    }
    if (isTerminated) socket.end();
  }

  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    while (!isStarted && buffer.length >= 8 && buffer.length >= buffer.readInt32BE(0)) {
      const code = buffer.readInt32BE(4);
      buffer = buffer.subarray(buffer.readInt32BE(0));
      if (code === SSL_REQUEST || code === GSS_REQUEST) socket.write('N');
      else if (code === CANCEL_REQUEST) socket.destroy();
      else {
        isStarted = true;
        socket.write(STARTUP_REPLY);
      }
    }
    if (!isStarted) return;
    let end = 0;
    let isTerminated = false;
    while (buffer.length - end >= 5 && buffer.length - end >= 1 + buffer.readInt32BE(end + 1)) {
      if (buffer[end] === 0x58) {
        isTerminated = true;
        break;
      }
      end += 1 + buffer.readInt32BE(end + 1);
    }
    const batch = buffer.subarray(0, end);
    buffer = buffer.subarray(end);
    if (batch.length === 0 && !isTerminated) return;
    chain = chain.then(() => run(batch, isTerminated));
  });

  // A connection that goes away inside a transaction (a killed server) leaves it rolled back.
  socket.on('close', () => {
    chain = chain.then(async () => {
      if (owner !== session) return;
      await pglite.execProtocolRaw(new Uint8Array(SYNC));
      await pglite.execProtocolRaw(new Uint8Array(ROLLBACK));
      release(session);
    });
  });
}

const server = net.createServer(serve);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveRequests({});
announceReady({ port: (server.address() as net.AddressInfo).port });
