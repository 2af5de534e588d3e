/**
 * The reference: a plain y-websocket-style relay on y-protocols + ws. One Y.Doc per room, sync and
 * awareness as y-protocols define them, every update broadcast to the room. No authentication, no
 * checks, no rate limits, no persistence (a room is dropped when its last connection leaves).
 */
import { createServer, type Server } from 'node:http';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocketServer, WebSocket } from 'ws';
import * as Y from 'yjs';

interface RelayRoom {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  sockets: Map<WebSocket, Set<number>>;
}

function frame(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function createRelay(): { server: Server; close(): void } {
  const rooms = new Map<string, RelayRoom>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const broadcast = (room: RelayRoom, message: Uint8Array, except: unknown) => {
    for (const socket of room.sockets.keys()) if (socket !== except) socket.send(message);
  };
  const open = (name: string): RelayRoom => {
    const doc = new Y.Doc();
    const room: RelayRoom = {
      doc,
      awareness: new awarenessProtocol.Awareness(doc),
      sockets: new Map(),
    };
    room.awareness.setLocalState(null);
    doc.on('update', (update: Uint8Array, origin: unknown) =>
      broadcast(
        room,
        frame(0, (e) => syncProtocol.writeUpdate(e, update)),
        origin,
      ),
    );
    room.awareness.on(
      'update',
      ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
        const sockets = origin instanceof WebSocket ? room.sockets.get(origin) : undefined;
        for (const id of added!) sockets?.add(id);
        for (const id of removed!) sockets?.delete(id);
        const changed = [...added!, ...updated!, ...removed!];
        const update = awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed);
        broadcast(
          room,
          frame(1, (e) => encoding.writeVarUint8Array(e, update)),
          null,
        );
      },
    );
    rooms.set(name, room);
    return room;
  };
  wss.on('connection', (socket: WebSocket, name: string) => {
    const room = rooms.get(name) ?? open(name);
    room.sockets.set(socket, new Set());
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(
        new Uint8Array(data.buffer, data.byteOffset, data.length),
      );
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, 0);
        syncProtocol.readSyncMessage(decoder, reply, room.doc, socket);
        if (encoding.length(reply) > 1) socket.send(encoding.toUint8Array(reply));
      } else if (type === 1) {
        awarenessProtocol.applyAwarenessUpdate(
          room.awareness,
          decoding.readVarUint8Array(decoder),
          socket,
        );
      }
    });
    socket.on('close', () => {
      const ids = room.sockets.get(socket);
      room.sockets.delete(socket);
      if (ids && ids.size > 0)
        awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null);
      if (room.sockets.size === 0) {
        room.doc.destroy();
        rooms.delete(name);
      }
    });
    socket.send(frame(0, (e) => syncProtocol.writeSyncStep1(e, room.doc)));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) {
      const update = awarenessProtocol.encodeAwarenessUpdate(room.awareness, states);
      socket.send(frame(1, (e) => encoding.writeVarUint8Array(e, update)));
    }
  });
  const server = createServer((_request, response) => response.writeHead(404).end());
  server.on('upgrade', (request, socket, head) => {
    const name = decodeURIComponent((request.url ?? '/').split('?')[0]!.replace(/^\/collab\//, ''));
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, name));
  });
  const close = () => {
    for (const socket of wss.clients) socket.close(1001, 'server restarting');
    server.close();
  };
  return { server, close };
}
