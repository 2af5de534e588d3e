/** Maßnahmen: board, measure page, statuses, kinds. German first; English mirrors every key. */
export const de = {
  'nav.measures': 'Maßnahmen',
} as const;

export const en: Record<keyof typeof de, string> = {
  'nav.measures': 'Measures',
};
