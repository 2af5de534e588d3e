/** Kleingruppen: list, group page, members, invitations. German first; English mirrors every key. */
export const de = {
  'nav.groups': 'Kleingruppen',
} as const;

export const en: Record<keyof typeof de, string> = {
  'nav.groups': 'Working groups',
};
