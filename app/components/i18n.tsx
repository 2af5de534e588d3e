import { useRouteLoaderData } from 'react-router';
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from '~/lib/i18n/i18n';

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData('root') as RootData | undefined;
  return data?.locale ?? DEFAULT_LOCALE;
}

/** The one way components get text: keys from app/lib/i18n/messages.ts in the reader's language. */
export function useT(): Translate {
  return translator(useLocale());
}
