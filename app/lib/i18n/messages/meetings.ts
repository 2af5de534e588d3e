/** Sitzungen und gemeinsame Erklärung. German first; English mirrors every key. */
export const de = {
  'meetings.title': 'Sitzungen',
} as const;

export const en: Record<keyof typeof de, string> = {
  'meetings.title': 'Meetings',
};
