/** Umsetzung: Meilensteine, Indikatoren, Check-ins, Dashboard, Exporte. German first; English mirrors every key. */
export const de = {
  'tracking.title': 'Umsetzung',
} as const;

export const en: Record<keyof typeof de, string> = {
  'tracking.title': 'Implementation',
};
