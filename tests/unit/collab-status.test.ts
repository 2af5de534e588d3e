import { describe, expect, it } from 'vitest';
import { computeCollabStatus } from '../../app/collab/use-collab-document';

const online = { connected: true, synced: true };

describe('collab status', () => {
  it('is connecting before the first connection has opened or failed', () => {
    expect(
      computeCollabStatus({ connected: false, synced: false, localClock: 0, persistedClock: 0 }),
    ).toBe('connecting');
  });

  it('is offline whenever disconnected after a connection closed or failed', () => {
    expect(
      computeCollabStatus({
        connected: false,
        synced: false,
        localClock: 3,
        persistedClock: 0,
        hasDisconnected: true,
      }),
    ).toBe('offline');
    expect(
      computeCollabStatus({
        connected: false,
        synced: false,
        localClock: 3,
        persistedClock: 3,
        hasDisconnected: true,
      }),
    ).toBe('offline');
  });

  it('is connected, not saved, while the first sync is still running', () => {
    expect(
      computeCollabStatus({ connected: true, synced: false, localClock: 0, persistedClock: 0 }),
    ).toBe('connected');
  });

  it('is saved once synced when this client has made no edits', () => {
    expect(computeCollabStatus({ ...online, localClock: 0, persistedClock: 0 })).toBe('saved');
  });

  it('is connected while own edits are not yet committed', () => {
    expect(computeCollabStatus({ ...online, localClock: 5, persistedClock: 0 })).toBe('connected');
    expect(computeCollabStatus({ ...online, localClock: 5, persistedClock: 4 })).toBe('connected');
  });

  it('is saved once the persisted clock reaches or passes the local clock', () => {
    expect(computeCollabStatus({ ...online, localClock: 5, persistedClock: 5 })).toBe('saved');
    expect(computeCollabStatus({ ...online, localClock: 5, persistedClock: 9 })).toBe('saved');
  });

  it('reconnecting after an outage is connected until the queued edits are committed', () => {
    const base = { ...online, hasDisconnected: true, localClock: 8 };
    expect(computeCollabStatus({ ...base, persistedClock: 5 })).toBe('connected');
    expect(computeCollabStatus({ ...base, persistedClock: 8 })).toBe('saved');
  });

  it('is final after the server closed for good: 4401 signed out, 4403 (or any 44xx) no access', () => {
    const closed = {
      connected: false,
      synced: true,
      localClock: 5,
      persistedClock: 3,
      hasDisconnected: true,
    };
    expect(computeCollabStatus({ ...closed, finalCloseCode: 4401 })).toBe('signedOut');
    expect(computeCollabStatus({ ...closed, finalCloseCode: 4403 })).toBe('noAccess');
    expect(computeCollabStatus({ ...closed, finalCloseCode: 4404 })).toBe('noAccess');
    // Even a connected-looking state never turns back to "saved" once closed for good.
    expect(
      computeCollabStatus({ ...online, localClock: 0, persistedClock: 0, finalCloseCode: 4403 }),
    ).toBe('noAccess');
  });
});
