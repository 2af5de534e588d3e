import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import {
  collabPath,
  countUpdateRows,
  rawUpgrade,
  sessionCookie,
  startCollabServer,
  type CollabTestServer,
} from '../fixtures/collab';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

let server: CollabTestServer;
let scenario: Scenario;
let memberA: string;
let memberB: string;

beforeAll(async () => {
  server = await startCollabServer();
  scenario = await buildScenario();
  memberA = await sessionCookie(server.url, scenario.accounts.memberA);
  memberB = await sessionCookie(server.url, scenario.accounts.memberB);
});

afterAll(async () => {
  await server?.close();
});

async function expectRefused(path: string, headers: Record<string, string>, status: number) {
  const upgrade = await rawUpgrade(server.url, path, headers);
  expect(upgrade.status, path).toBe(status);
  await upgrade.closed;
}

describe('collab upgrade', () => {
  it('refuses before the upgrade without a session, from a foreign origin, without access and for malformed names; creates nothing', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const path = collabPath(measureDocumentName(measureId));
    const origin = server.url;

    await expectRefused(path, { origin }, 401);
    await expectRefused(path, { origin, cookie: 'mpw_session=forged.signature' }, 401);
    await expectRefused(path, { origin: 'https://evil.example', cookie: memberA }, 403);
    await expectRefused(path, { cookie: memberA }, 403);
    await expectRefused(path, { origin, cookie: memberB }, 403);
    for (const name of [
      'measure:not-a-uuid',
      `measure:${measureId.toUpperCase()}`,
      `foo:${measureId}`,
      `measure:${measureId}/x`,
      `measure:${measureId}%2Fx`,
      `measure:${measureId}%20`,
      measureId,
    ]) {
      await expectRefused(collabPath(name), { origin, cookie: memberA }, 404);
    }
    await expectRefused(
      collabPath(measureDocumentName(randomUUID())),
      { origin, cookie: memberA },
      404,
    );

    expect(server.collab.rooms.size).toBe(0);
    expect(server.collab.getStats().connections).toBe(0);
    expect(await countUpdateRows()).toBe(0);

    const accepted = await rawUpgrade(server.url, path, { origin, cookie: memberA });
    expect(accepted.status).toBe(101);
    expect(server.collab.rooms.size).toBe(1);
    accepted.socket.destroy();
  });
});
