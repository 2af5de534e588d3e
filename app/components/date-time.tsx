import { useLocale } from './i18n';

// A fixed zone keeps the server's and the browser's rendering identical (no hydration mismatch).
const TIME_ZONE = 'Europe/Berlin';
const FORMAT_LOCALE = { de: 'de-DE', en: 'en-GB' } as const;

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
