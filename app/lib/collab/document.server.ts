import { getSchema, type JSONContent } from '@tiptap/core';
import { renderToHTMLString } from '@tiptap/static-renderer/pm/html-string';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { DOCUMENT_FIELD, documentExtensions, isAllowedLink } from './editor-extensions';

const extensions = documentExtensions();
const schema = getSchema(extensions);

/**
 * The document as plain text (for search) and HTML (for the read-only view and exports), rendered
 * from the Yjs XML fragment through the document schema — client HTML is never trusted. Text is
 * escaped by the renderer; links outside http/https/mailto lose their href.
 */
export function renderDocument(doc: Y.Doc): { html: string; text: string } {
  // Rendering must never touch the live document: y-tiptap deletes (in a transaction of the doc it
  // reads) every element that does not fit the schema, so it reads a throwaway copy.
  const copy = new Y.Doc({ gc: false });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  try {
    const node = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(DOCUMENT_FIELD), schema);
    const html = renderToHTMLString({ content: node, extensions }).replace(
      /<a\b([^>]*?)href="([^"]*)"/g,
      (whole, before: string, href: string) =>
        isAllowedLink(decodeEntities(href)) ? whole : `<a${before}`,
    );
    const text = node.textBetween(0, node.content.size, '\n', '\n');
    return { html, text };
  } finally {
    copy.destroy();
  }
}

/** A Yjs document (encoded state) from ProseMirror JSON, validated against the document schema. */
export function encodeDocumentFromJSON(json: JSONContent): Uint8Array {
  const doc = prosemirrorJSONToYDoc(schema, json, DOCUMENT_FIELD);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

function decodeEntities(value: string): string {
  // `&amp;` last, so `&amp;quot;` stays the text `&quot;`.
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
