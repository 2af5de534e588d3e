import type { JSONContent } from '@tiptap/core';
import type { AgendaEntry } from './meetings.server';

type AgendaLine = Pick<AgendaEntry, 'position' | 'title'>;

/**
 * The minutes' starting text, one section per agenda item ("TOP 1: …"), so the group writes along
 * the agenda. Pure: the plain-text form of `minutesDocument`'s headings.
 */
export function minutesTemplate(agenda: readonly AgendaLine[]): string {
  return agenda.map((item) => `TOP ${item.position}: ${item.title}\n\n`).join('');
}

const paragraph = (text: string): JSONContent =>
  text ? { type: 'paragraph', content: [{ type: 'text', text }] } : { type: 'paragraph' };

/**
 * The first state of a meeting's co-edited minutes (ProseMirror JSON in the shared document
 * schema). Minutes already written as plain text are kept, one paragraph per line; otherwise the
 * agenda becomes one heading per item ("TOP 1: …") with an empty paragraph to write in.
 */
export function minutesDocument(agenda: readonly AgendaLine[], existingText: string): JSONContent {
  const lines = existingText.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  if (existingText.trim()) return { type: 'doc', content: lines.map((line) => paragraph(line)) };
  if (agenda.length === 0) return { type: 'doc', content: [paragraph('')] };
  return {
    type: 'doc',
    content: agenda.flatMap((item) => [
      {
        type: 'heading',
        attrs: { level: 2 },
        content: [{ type: 'text', text: `TOP ${item.position}: ${item.title}` }],
      },
      paragraph(''),
    ]),
  };
}
