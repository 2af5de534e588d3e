/** Calendar dates of the Masterplan are Aachen's: "today", "overdue" and periods use Europe/Berlin. */
export const TIME_ZONE = 'Europe/Berlin';

const DAY_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Aachen at `now`, as YYYY-MM-DD. */
export function berlinDate(now: Date): string {
  return DAY_FORMAT.format(now);
}

/** YYYY-MM-DD plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A date as the reader writes it: 05.03.2027 (de) or 05/03/2027 (en). */
export function formatDate(isoDate: string | null, locale: 'de' | 'en'): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.split('-');
  return locale === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}
