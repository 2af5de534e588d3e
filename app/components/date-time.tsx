import { useLocale } from './i18n';

// A fixed zone keeps the server's and the browser's rendering identical (no hydration mismatch).
const TIME_ZONE = 'Europe/Berlin';
const FORMAT_LOCALE = { de: 'de-DE', en: 'en-GB' } as const;

/** A point in time's day as plain text (for places that take no markup, such as an <option>). */
export function formatDay(iso: string, locale: keyof typeof FORMAT_LOCALE): string {
  return new Intl.DateTimeFormat(FORMAT_LOCALE[locale], {
    dateStyle: 'medium',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

/** A point in time, written out in the reader's language. */
export function DateTime({ iso }: { iso: string }) {
  const locale = useLocale();
  const text = new Intl.DateTimeFormat(FORMAT_LOCALE[locale], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
  return <time dateTime={iso}>{text}</time>;
}

/**
 * A span of time, as people write it: the end's date is left out when it is the start's day
 * ("25.11.2026, 18:00 – 20:30"), both dates shown otherwise.
 */
export function DateTimeRange({ start, end }: { start: string; end: string }) {
  const locale = useLocale();
  const day = new Intl.DateTimeFormat(FORMAT_LOCALE[locale], {
    dateStyle: 'short',
    timeZone: TIME_ZONE,
  });
  const isSameDay = day.format(new Date(start)) === day.format(new Date(end));
  const time = new Intl.DateTimeFormat(FORMAT_LOCALE[locale], {
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  });
  return (
    <>
      <DateTime iso={start} /> –{' '}
      {isSameDay ? (
        <time dateTime={end}>{time.format(new Date(end))}</time>
      ) : (
        <DateTime iso={end} />
      )}
    </>
  );
}
