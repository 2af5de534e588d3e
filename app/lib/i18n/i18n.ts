import { de, en, type MessageKey, type Messages } from './messages';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';
export const LOCALE_COOKIE = 'mpw_lang';

const CATALOGS: Record<Locale, Messages> = { de, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

type Params = Record<string, string | number>;

const PLURAL = /\{(\w+), plural, ((?:[^{}]*\{[^{}]*\})+)\s*\}/g;
const PLURAL_CASE = /(=\d+|one|other)\s*\{([^{}]*)\}/g;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function formatPlural(locale: Locale, value: number, cases: string): string {
  const options = new Map<string, string>();
  for (const match of cases.matchAll(PLURAL_CASE)) options.set(match[1]!, match[2]!);
  const exact = options.get(`=${value}`);
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  let numbers = numberFormats.get(locale);
  if (!numbers) numberFormats.set(locale, (numbers = new Intl.NumberFormat(locale)));
  const chosen = exact ?? options.get(rules.select(value)) ?? options.get('other') ?? '';
  return chosen.replace(/#/g, numbers.format(value));
}

/** Translate a message key; supports `{name}` placeholders and `{n, plural, =0 {…} one {…} other {…}}`. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = CATALOGS[locale][key] ?? de[key];
  // Most messages have no placeholder; a board renders thousands of them per request.
  if (!template.includes('{')) return template;
  return template
    .replace(PLURAL, (_, name: string, cases: string) =>
      formatPlural(locale, Number(params[name] ?? 0), cases),
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** The user's explicit choice (cookie) wins; otherwise the best match in Accept-Language; German by default. */
export function resolveLocale(
  choice: string | null | undefined,
  acceptLanguage: string | null,
): Locale {
  if (isLocale(choice)) return choice;
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.base && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) if (isLocale(entry.base)) return entry.base;
  return DEFAULT_LOCALE;
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
