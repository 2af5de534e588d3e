import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
} from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/**
 * A comment's passage as two Yjs relative positions (base64 of the encoded positions). Relative
 * positions point at Yjs items, not offsets, so the passage follows every client's edits; when its
 * text is deleted the positions collapse and the thread shows "Bezug gelöscht".
 * Shared by the browser editor and the tests; `mapping` is y-tiptap's Yjs-type → ProseMirror-node map.
 */
export interface Anchor {
  anchorStart: string;
  anchorEnd: string;
}

type Mapping = Parameters<typeof absolutePositionToRelativePosition>[2];

export function createAnchor(
  fragment: Y.XmlFragment,
  mapping: Mapping,
  from: number,
  to: number,
): Anchor {
  return {
    anchorStart: toBase64(
      Y.encodeRelativePosition(absolutePositionToRelativePosition(from, fragment, mapping)),
    ),
    anchorEnd: toBase64(
      Y.encodeRelativePosition(absolutePositionToRelativePosition(to, fragment, mapping)),
    ),
  };
}

/** The passage's current ProseMirror range, or null when its text is gone (or the anchor is unreadable). */
export function resolveAnchor(
  doc: Y.Doc,
  fragment: Y.XmlFragment,
  mapping: Mapping,
  anchor: Anchor,
): { from: number; to: number } | null {
  try {
    const from = relativePositionToAbsolutePosition(
      doc,
      fragment,
      Y.decodeRelativePosition(fromBase64(anchor.anchorStart)),
      mapping,
    );
    const to = relativePositionToAbsolutePosition(
      doc,
      fragment,
      Y.decodeRelativePosition(fromBase64(anchor.anchorEnd)),
      mapping,
    );
    if (from === null || to === null || to <= from) return null;
    return { from, to };
  } catch {
    return null;
  }
}

/** The text of a resolved passage, for tests and the quote shown beside a thread. */
export function passageText(node: ProseMirrorNode, range: { from: number; to: number }): string {
  return node.textBetween(range.from, range.to, ' ', ' ');
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
