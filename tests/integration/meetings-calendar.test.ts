import { beforeAll, describe, expect, it } from 'vitest';
import { withUser } from '../../app/lib/db/with-user.server';
import {
  createFeedToken,
  feedCalendar,
  meetingCalendar,
  revokeFeedTokens,
} from '../../app/lib/meetings/calendar.server';
import { readFeedClaims } from '../../app/lib/auth/feed-claims.server';
import { buildCalendar, foldLine } from '../../app/lib/meetings/ics';
import { parseCalendar } from '../fixtures/ics';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import { createMeeting } from '../../app/lib/meetings/meetings.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import {
  buildScenario,
  probeAs,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

/** iCalendar per meeting (parsed back here) and the per-user feed behind a hashed, revocable token. */

let scenario: Scenario;
const dbOf =
  (persona: SignedInPersona): UserDb =>
  (fn) =>
    withUser(scenario.accounts[persona].claims, fn);

const TRICKY_TITLE = 'Sitzung; Fachkräfte, Ausbildung \\ Übergang – Größenordnung ÄÖÜ ß 🚀 '
  .repeat(2)
  .trim();

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('iCalendar', () => {
  it('folds at 75 octets without splitting a multi-byte character', () => {
    const folded = foldLine(`SUMMARY:${'ä'.repeat(100)}`);
    for (const line of folded.split('\r\n'))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((line, i) => (i ? line.slice(1) : line))
        .join(''),
    ).toBe(`SUMMARY:${'ä'.repeat(100)}`);
    expect(buildCalendar([], { name: 'x' })).toContain('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
  });

  it('a meeting exports as one VEVENT that parses back to its exact values', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: TRICKY_TITLE,
        description: 'Zeile eins\nZeile zwei; mit Komma, Semikolon und \\ Backslash',
        startsAt: '2026-07-01T09:30',
        endsAt: '2026-07-01T11:00',
        location: 'IHK Aachen, Theaterstraße 6–10',
        agendaTitle: ['Begrüßung'],
        agendaDuration: ['15'],
      }),
    );
    const ics = await dbOf('memberA')((tx) =>
      meetingCalendar(tx, meetingId, 'https://werkstatt.example'),
    );
    const { calendar, events } = parseCalendar(ics);
    expect(calendar).toMatchObject({ VERSION: '2.0', METHOD: 'PUBLISH' });
    expect(calendar.PRODID).toBeTruthy();
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event.UID).toBe(`${meetingId}@masterplan-werkstatt`);
    expect(event.SUMMARY).toBe(TRICKY_TITLE);
    // Summer time in Aachen: 09:30 local is 07:30 UTC.
    expect(event.DTSTART).toBe('20260701T073000Z');
    expect(event.DTEND).toBe('20260701T090000Z');
    expect(event.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    expect(event.SEQUENCE).toBe('0');
    expect(event.LOCATION).toBe('IHK Aachen, Theaterstraße 6–10');
    expect(event.DESCRIPTION).toContain(
      'Zeile eins\nZeile zwei; mit Komma, Semikolon und \\ Backslash',
    );
    expect(event.DESCRIPTION).toContain('1. Begrüßung (15 Min.)');
    expect(event.URL).toBe(`https://werkstatt.example/sitzungen/${meetingId}`);
  });

  it("another group's member cannot download the meeting (404)", async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: 'Intern',
        startsAt: '2026-07-02T09:00',
        endsAt: '2026-07-02T10:00',
      }),
    );
    const error = await dbOf('memberB')((tx) =>
      meetingCalendar(tx, meetingId, 'https://x.example'),
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404 });
  });
});

describe('calendar feed', () => {
  it('stores only the hash, serves the owner’s meetings as the owner, and stops at once when revoked', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      MeetingFormSchema.parse({
        title: 'Feed-Sitzung',
        startsAt: '2027-08-01T09:00',
        endsAt: '2027-08-01T10:00',
      }),
    );
    const token = await createFeedToken(dbOf('memberA'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await readAsService<{ token_hash: Buffer }>(
      'select token_hash from public.calendar_feed_tokens where user_id = $1',
      [scenario.accounts.memberA.userId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash.toString('base64url')).not.toContain(token);

    const claims = await readFeedClaims(token);
    expect(claims?.sub).toBe(scenario.accounts.memberA.userId);
    const feed = await withUser(claims!, (tx) => feedCalendar(tx, 'https://werkstatt.example'));
    expect(parseCalendar(feed).events.map((event) => event.UID)).toContain(
      `${meetingId}@masterplan-werkstatt`,
    );

    // memberB's feed does not contain group A's meeting.
    const otherToken = await createFeedToken(dbOf('memberB'));
    const otherFeed = await withUser((await readFeedClaims(otherToken))!, (tx) =>
      feedCalendar(tx, 'https://werkstatt.example'),
    );
    expect(otherFeed).not.toContain(meetingId);

    // A new token replaces the old one; revoking ends the new one.
    const second = await createFeedToken(dbOf('memberA'));
    expect(await readFeedClaims(token)).toBeNull();
    expect(await readFeedClaims(second)).not.toBeNull();
    await revokeFeedTokens(dbOf('memberA'));
    expect(await readFeedClaims(second)).toBeNull();
  });

  it("nobody reads or revokes someone else's feed tokens", async () => {
    await createFeedToken(dbOf('memberA'));
    const seen = await probeAs(scenario, 'admin', async (tx) => {
      const read = await tx.query('select 1 from public.calendar_feed_tokens where user_id = $1', [
        scenario.accounts.memberA.userId,
      ]);
      const revoked = await tx.query(
        'update public.calendar_feed_tokens set revoked_at = now() where user_id = $1',
        [scenario.accounts.memberA.userId],
      );
      return [read.rowCount, revoked.rowCount];
    });
    expect(seen).toEqual([0, 0]);
  });
});
