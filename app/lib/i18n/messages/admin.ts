/** Verwaltung: organisations, networks, users. German first; English mirrors every key. */
export const de = {
  'nav.admin': 'Verwaltung',
} as const;

export const en: Record<keyof typeof de, string> = {
  'nav.admin': 'Administration',
};
