import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { DEFAULT_LIMITS } from '../../app/server/collab/limits';
import { computeCollabStatus } from '../../app/collab/use-collab-document';
import { CLOSE_CODES, measureDocumentName } from '../../app/lib/collab/protocol';
import {
  addParagraph,
  collabPath,
  connectClient,
  documentText,
  eventually,
  rawUpgrade,
  sessionCookie,
  startCollabServer,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

/** The promise: a permission change reaches open connections within 5 s. */
const WITHIN_MS = 5_000;

let server: CollabTestServer;
let scenario: Scenario;
let clients: CollabClient[] = [];

beforeAll(async () => {
  // The production interval: the 5 s promise is checked as shipped.
  server = await startCollabServer({ recheckAccessMs: DEFAULT_LIMITS.recheckAccessMs });
  scenario = await buildScenario();
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  await server?.close();
});

async function memberOfGroupA(): Promise<TestAccount> {
  const account = await createTestAccount({ organizationShortName: 'DGB' });
  await withService((tx) =>
    tx.query(
      "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
      [scenario.groupA.id, account.userId],
    ),
  );
  return account;
}

const cookies = new Map<TestAccount, string>();

async function connect(account: TestAccount, measureId: string): Promise<CollabClient> {
  const cookie = await sessionCookie(server.url, account);
  cookies.set(account, cookie);
  const client = connectClient({ url: server.url, measureId, cookie });
  clients.push(client);
  await eventually(() => expect(client.provider.synced).toBe(true));
  return client;
}

/** What a reconnect with the same session now gets. */
async function upgradeStatus(account: TestAccount, measureId: string): Promise<number> {
  const upgrade = await rawUpgrade(server.url, collabPath(measureDocumentName(measureId)), {
    origin: server.url,
    cookie: cookies.get(account) ?? '',
  });
  upgrade.socket.destroy();
  return upgrade.status;
}

function accessOf(measureId: string, account: TestAccount): string | undefined {
  const room = server.collab.rooms.get(measureDocumentName(measureId));
  return [...(room?.connections ?? [])].find((c) => c.identity.userId === account.userId)?.access;
}

/**
 * Runs `change` and resolves with how long it took until `client`'s connection was closed with
 * `code` — a final one: the stock y-websocket client gives up reconnecting, and the browser's
 * status says why.
 */
async function closedAfter(
  client: CollabClient,
  code: number,
  change: () => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  await change();
  await eventually(() => expect(client.closeCodes).toContain(code), WITHIN_MS * 3);
  const ms = performance.now() - started;
  expect(client.finalClose()?.code).toBe(code);
  expect(client.provider.shouldConnect).toBe(false);
  expect(
    computeCollabStatus({
      connected: client.provider.wsconnected,
      synced: client.provider.synced,
      localClock: client.clock(),
      persistedClock: 0,
      hasDisconnected: true,
      finalCloseCode: client.finalClose()?.code ?? null,
    }),
  ).toBe(code === CLOSE_CODES.sessionEnded ? 'signedOut' : 'noAccess');
  return ms;
}

/** After a final close the client stays away: no new connection, none in the room. */
function expectNoReconnect(client: CollabClient, account: TestAccount, measureId: string) {
  expect(client.connectionAttempts()).toBe(1);
  expect(client.closeCodes).toHaveLength(1);
  expect(accessOf(measureId, account)).toBeUndefined();
}

describe('collab permissions while connected', () => {
  it('closes the connection of a member removed from the group of a group measure', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const account = await memberOfGroupA();
    const client = await connect(account, measureId);
    expect(accessOf(measureId, account)).toBe('edit');
    const ms = await closedAfter(client, CLOSE_CODES.accessRevoked, () =>
      withService((tx) =>
        tx.query('delete from public.working_group_members where user_id = $1', [account.userId]),
      ),
    );
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(await upgradeStatus(account, measureId)).toBe(403);
    expectNoReconnect(client, account, measureId);
  });

  it('closes the connection of a viewer when the measure is narrowed to its group', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'platform' });
    const client = await connect(scenario.accounts.observer, measureId);
    expect(accessOf(measureId, scenario.accounts.observer)).toBe('view');
    const ms = await closedAfter(client, CLOSE_CODES.accessRevoked, () =>
      withService((tx) =>
        tx.query("update public.measures set visibility = 'group' where measure_id = $1", [
          measureId,
        ]),
      ),
    );
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(await upgradeStatus(scenario.accounts.observer, measureId)).toBe(403);
    expectNoReconnect(client, scenario.accounts.observer, measureId);
  });

  it('closes the connection of a deactivated account', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const account = await memberOfGroupA();
    const client = await connect(account, measureId);
    const ms = await closedAfter(client, CLOSE_CODES.sessionEnded, () =>
      withService((tx) =>
        tx.query('update public.profiles set is_active = false where profile_id = $1', [
          account.userId,
        ]),
      ),
    );
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(await upgradeStatus(account, measureId)).toBe(401);
    expectNoReconnect(client, account, measureId);
  });

  it.each([
    [
      'removed from the group',
      (account: TestAccount) =>
        withService((tx) =>
          tx.query('delete from public.working_group_members where user_id = $1', [account.userId]),
        ),
    ],
    [
      'made an observer',
      (account: TestAccount) =>
        withService((tx) =>
          tx.query("update public.profiles set platform_role = 'observer' where profile_id = $1", [
            account.userId,
          ]),
        ),
    ],
  ])(
    'an editor %s becomes a viewer of a platform measure: still connected, updates dropped',
    async (_label, change) => {
      const measureId = await createMeasure(scenario, { visibility: 'platform' });
      const account = await memberOfGroupA();
      const client = await connect(account, measureId);
      const other = await connect(scenario.accounts.memberA, measureId);
      addParagraph(client.doc, 'Noch als Redakteur');
      await eventually(() => expect(documentText(other.doc)).toBe('Noch als Redakteur'));

      const started = performance.now();
      await change(account);
      await eventually(() => expect(accessOf(measureId, account)).toBe('view'), WITHIN_MS * 3);
      expect(performance.now() - started).toBeLessThan(WITHIN_MS);
      // Both were rechecked in the same round, one transaction: each was asked as themselves.
      expect(accessOf(measureId, scenario.accounts.memberA)).toBe('edit');

      const dropped = server.collab.getStats().droppedReadOnly;
      addParagraph(client.doc, 'Schon als Zuschauer');
      await eventually(() =>
        expect(server.collab.getStats().droppedReadOnly).toBeGreaterThan(dropped),
      );
      addParagraph(other.doc, 'Weiter im Text');
      await eventually(() => expect(documentText(client.doc)).toContain('Weiter im Text'));
      expect(documentText(other.doc)).toBe('Noch als Redakteur\nWeiter im Text');
      expect(client.closeCodes).toEqual([]);
    },
  );
});
