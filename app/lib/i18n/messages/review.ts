/** Prüfen und Einigen: Kommentare, Versionen, Mitzeichnung. German first; English mirrors every key. */
export const de = {
  'review.title': 'Prüfen und Einigen',
} as const;

export const en: Record<keyof typeof de, string> = {
  'review.title': 'Review and agreement',
};
