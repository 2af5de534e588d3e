import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, measureDocumentName } from '../../app/lib/collab/protocol';
import { withService } from '../../app/lib/db/with-service.server';
import { colorFor } from '../../app/server/collab/authorize-upgrade';
import {
  connectClient,
  eventually,
  openWebSocket,
  sessionCookie,
  startCollabServer,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

let server: CollabTestServer;
let scenario: Scenario;
let anna: TestAccount;

beforeAll(async () => {
  server = await startCollabServer();
  scenario = await buildScenario();
  anna = await createTestAccount({ organizationShortName: 'DGB', displayName: 'Anna Echt' });
  await withService((tx) =>
    tx.query(
      "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
      [scenario.groupA.id, anna.userId],
    ),
  );
});

afterAll(async () => {
  await server?.close();
});

type State = Record<string, unknown> & { user?: Record<string, unknown> };

function stateOf(observer: CollabClient, clientId: number): State | undefined {
  return observer.provider.awareness.getStates().get(clientId) as State | undefined;
}

/** An awareness message claiming `clientId` at `clock` with `state` (null removes it). */
function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

describe('collab awareness', () => {
  it('stamps the identity, drops oversized states and keeps others from overwriting an entry', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const annaClient = connectClient({
      url: server.url,
      measureId,
      cookie: await sessionCookie(server.url, anna),
    });
    const observer = connectClient({
      url: server.url,
      measureId,
      cookie: await sessionCookie(server.url, scenario.accounts.moderatorA),
    });
    try {
      await eventually(() =>
        expect(annaClient.provider.synced && observer.provider.synced).toBe(true),
      );
      const annaId = annaClient.doc.clientID;

      annaClient.provider.awareness.setLocalState({
        user: {
          name: 'Hochstapler',
          organization: 'Bundeskanzleramt',
          color: '#000000',
          userId: 'x',
        },
        cursor: { anchor: 1 },
      });
      await eventually(() => expect(stateOf(observer, annaId)?.cursor).toEqual({ anchor: 1 }));
      expect(stateOf(observer, annaId)).toEqual({
        cursor: { anchor: 1 },
        user: {
          name: 'Anna Echt',
          organization: 'DGB',
          color: colorFor(anna.userId),
          userId: anna.userId,
        },
        readOnly: false,
      });

      const dropped = server.collab.getStats().droppedAwareness;
      annaClient.provider.awareness.setLocalStateField('note', 'x'.repeat(2000));
      await eventually(() => expect(server.collab.getStats().droppedAwareness).toBe(dropped + 1));
      annaClient.provider.awareness.setLocalState({ cursor: { anchor: 2 } });
      await eventually(() => expect(stateOf(observer, annaId)?.cursor).toEqual({ anchor: 2 }));
      expect(stateOf(observer, annaId)?.note).toBeUndefined();
      expect(stateOf(observer, annaId)?.user?.name).toBe('Anna Echt');

      // Another connection claims Anna's entry: an update and a removal, then its own entry.
      const intruder = await openWebSocket(
        server.url,
        measureDocumentName(measureId),
        await sessionCookie(server.url, scenario.accounts.memberA),
      );
      const clock = (annaClient.provider.awareness.meta.get(annaId)?.clock ?? 0) + 10;
      intruder.send(
        awarenessMessage(annaId, clock, { cursor: { anchor: 99 }, user: { name: 'Böse' } }),
      );
      intruder.send(awarenessMessage(annaId, clock + 1, null));
      const intruderId = new Y.Doc().clientID;
      intruder.send(awarenessMessage(intruderId, 1, { cursor: { anchor: 5 } }));
      await eventually(() => expect(stateOf(observer, intruderId)?.cursor).toEqual({ anchor: 5 }));
      expect(stateOf(observer, annaId)?.cursor).toEqual({ anchor: 2 });
      expect(stateOf(observer, annaId)?.user?.name).toBe('Anna Echt');
      expect(stateOf(observer, intruderId)?.user?.name).toBe(
        server.collab.rooms
          .get(measureDocumentName(measureId))!
          .awareness.getStates()
          .get(intruderId)?.user?.name,
      );
      expect(server.collab.getStats().droppedAwareness).toBe(dropped + 3);

      // Leaving removes one's entries for everyone.
      intruder.close();
      await eventually(() => expect(stateOf(observer, intruderId)).toBeUndefined());
      awarenessProtocol.removeAwarenessStates(annaClient.provider.awareness, [annaId], 'test');
      await eventually(() => expect(stateOf(observer, annaId)).toBeUndefined());

      // An entry removed and set again is still its connection's own: nobody else may take it,
      // and it goes when that connection goes.
      const again = (annaClient.provider.awareness.meta.get(annaId)?.clock ?? 0) + 1;
      annaClient.provider.ws!.send(awarenessMessage(annaId, again, { cursor: { anchor: 7 } }));
      await eventually(() => expect(stateOf(observer, annaId)?.cursor).toEqual({ anchor: 7 }));
      const thief = await openWebSocket(
        server.url,
        measureDocumentName(measureId),
        await sessionCookie(server.url, scenario.accounts.memberA),
      );
      const droppedBefore = server.collab.getStats().droppedAwareness;
      thief.send(awarenessMessage(annaId, again + 5, { cursor: { anchor: 66 } }));
      await eventually(() =>
        expect(server.collab.getStats().droppedAwareness).toBe(droppedBefore + 1),
      );
      expect(stateOf(observer, annaId)?.cursor).toEqual({ anchor: 7 });
      thief.close();
      annaClient.destroy();
      await eventually(() => expect(stateOf(observer, annaId)).toBeUndefined());
    } finally {
      annaClient.destroy();
      observer.destroy();
    }
  });
});
