import { DEFAULT_LOCALE, isLocale, translate } from './i18n';
import type { MessageKey } from './messages';

interface MatchLike {
  id: string;
  loaderData?: unknown;
}

/** `<title>` for a route's meta export, in the reader's language (from the root loader). */
export function pageTitle(
  matches: readonly (MatchLike | undefined)[],
  key: MessageKey,
): { title: string }[] {
  const root = matches.find((match) => match?.id === 'root')?.loaderData as
    { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
  return [{ title: `${translate(locale, key)} – ${translate(locale, 'app.name')}` }];
}
