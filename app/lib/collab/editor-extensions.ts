import type { Extensions } from '@tiptap/core';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';

/** Links may point to the web or to an e-mail address, nothing else (no javascript:, data:, file:). */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

export function isAllowedLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (ALLOWED_LINK_PROTOCOLS as readonly string[]).includes(url.protocol.slice(0, -1));
  } catch {
    return false;
  }
}

/** The Yjs XML fragment that holds a measure's text (Tiptap's Collaboration default). */
export const DOCUMENT_FIELD = 'default';

/**
 * The document schema of a measure's text, shared by the browser editor and the server renderer
 * (which turns the Yjs document into plain text and sanitised HTML). Collaboration, carets and the
 * placeholder are added by the editor only; they do not change the schema.
 */
export function documentExtensions(): Extensions {
  return [
    StarterKit.configure({
      undoRedo: false,
      link: {
        openOnClick: false,
        autolink: true,
        protocols: ['mailto'],
        defaultProtocol: 'https',
        isAllowedUri: (url) => isAllowedLink(url),
        shouldAutoLink: (url) => isAllowedLink(url.includes(':') ? url : `https://${url}`),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    TableKit.configure({ table: { resizable: false } }),
    TaskList,
    TaskItem.configure({ nested: true }),
  ];
}
