import type { JSONContent } from '@tiptap/core';

/** The binding sections every new measure's text starts with (see the sign-off rules). */
export const BINDING_HEADINGS = ['Ziel', 'Zuständigkeit', 'Ressourcen', 'Zeitplan'] as const;

export function measureTemplate(): JSONContent {
  return {
    type: 'doc',
    content: BINDING_HEADINGS.flatMap((heading) => [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: heading }] },
      { type: 'paragraph' },
    ]),
  };
}
