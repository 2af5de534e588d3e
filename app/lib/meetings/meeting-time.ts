/** A meeting's start as a sentence part ("Donnerstag, 4. März 2027 um 14:00"), in Aachen's time zone. */
export function formatMeetingTime(iso: string, locale: 'de' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
}
