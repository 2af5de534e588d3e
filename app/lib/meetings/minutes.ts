import type { AgendaEntry } from './meetings.server';

/**
 * The minutes' starting text, one section per agenda item ("TOP 1: …"), so the group writes along
 * the agenda. Pure: the page pre-fills the plain-text minutes with it; a co-edited minutes
 * document can be seeded from the same text.
 */
export function minutesTemplate(
  agenda: readonly Pick<AgendaEntry, 'position' | 'title'>[],
): string {
  return agenda.map((item) => `TOP ${item.position}: ${item.title}\n\n`).join('');
}
