/**
 * iCalendar (RFC 5545) for meetings: UTC times, TEXT values escaped (§3.3.11) and content lines
 * folded at 75 octets without splitting a UTF-8 character (§3.1), CRLF line ends.
 */

export interface CalendarEvent {
  uid: string;
  title: string;
  description: string;
  location: string;
  url: string | null;
  startsAt: string;
  endsAt: string;
  sequence: number;
  updatedAt: string;
}

const PRODID = '-//Stadt Aachen//Masterplan-Werkstatt//DE';

/** TEXT value escaping: backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** 2026-12-03T13:00:00.000Z → 20261203T130000Z */
export function formatUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds one content line into chunks of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let currentBytes = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (currentBytes + size > limit) {
      parts.push(current);
      current = '';
      currentBytes = 0;
      limit = 74; // the leading space counts towards the 75 octets
    }
    current += char;
    currentBytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** What identifies an event and its version in a calendar, published or cancelled alike. */
type EventIdentity = Pick<CalendarEvent, 'uid' | 'title' | 'startsAt' | 'endsAt' | 'sequence'>;

function identityLines(event: EventIdentity, now: string): string[] {
  return [
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatUtc(now)}`,
    `DTSTART:${formatUtc(event.startsAt)}`,
    `DTEND:${formatUtc(event.endsAt)}`,
    `SEQUENCE:${event.sequence}`,
    `SUMMARY:${escapeText(event.title)}`,
  ];
}

function eventLines(event: CalendarEvent, now: string, organizer: string | undefined): string[] {
  const lines = [
    'BEGIN:VEVENT',
    ...identityLines(event, now),
    `LAST-MODIFIED:${formatUtc(event.updatedAt)}`,
  ];
  if (organizer) lines.push(`ORGANIZER:mailto:${organizer}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push('STATUS:CONFIRMED', 'END:VEVENT');
  return lines;
}

/** A cancelled event as RFC 5546 wants it in a METHOD:CANCEL: same UID, a higher SEQUENCE. */
export interface CancelledEvent extends EventIdentity {
  /** E-mail addresses, written as mailto: URIs. */
  organizer: string;
  attendee: string;
}

function cancelledEventLines(event: CancelledEvent, now: string): string[] {
  return [
    'BEGIN:VEVENT',
    ...identityLines(event, now),
    `ORGANIZER:mailto:${event.organizer}`,
    `ATTENDEE:mailto:${event.attendee}`,
    'STATUS:CANCELLED',
    'END:VEVENT',
  ];
}

function vcalendar(method: 'PUBLISH' | 'CANCEL', header: string[], events: string[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...header,
    ...events,
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * A whole VCALENDAR with the given events. `organizer` (an e-mail address) for an invitation sent
 * by mail: RFC 5546 wants an ORGANIZER in a PUBLISH, and calendars then match the later CANCEL.
 */
export function buildCalendar(
  events: readonly CalendarEvent[],
  options: { name: string; now?: Date; organizer?: string },
): string {
  const now = (options.now ?? new Date()).toISOString();
  return vcalendar(
    'PUBLISH',
    [`X-WR-CALNAME:${escapeText(options.name)}`],
    events.flatMap((event) => eventLines(event, now, options.organizer)),
  );
}

/** A METHOD:CANCEL calendar: clients remove the event with the same UID and a lower SEQUENCE. */
export function buildCancellation(event: CancelledEvent, options: { now?: Date } = {}): string {
  const now = (options.now ?? new Date()).toISOString();
  return vcalendar('CANCEL', [], cancelledEventLines(event, now));
}
