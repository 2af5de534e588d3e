import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { createAnchor, passageText, resolveAnchor, type Anchor } from '~/lib/review/anchors';

/**
 * Anchored passages in the live editor (comment threads, decisions): highlights that follow
 * everyone's edits via Yjs relative positions, capturing the selection as an anchor, and jumping
 * to a passage.
 */
export interface AnchoredPassage extends Anchor {
  /** The thread's or decision's id, on the highlight as `data-passage-id`. */
  id: string;
}

/** Each kind of passage is highlighted with its own class (`<kind>-highlight`). */
export type PassageKind = 'comment' | 'decision';

export interface EditorHandle {
  /** The current selection as an anchor with its text, or null when nothing is selected. */
  captureSelection(): (Anchor & { quote: string }) | null;
  /** Whether the passage still exists. */
  isAlive(anchor: Anchor): boolean;
  /** Selects the passage, scrolls to it and focuses the text; false when the passage is gone. */
  showPassage(anchor: Anchor): boolean;
  /** Highlights these passages of one kind (replacing that kind's earlier ones). */
  setHighlights(kind: PassageKind, passages: AnchoredPassage[]): void;
  /** Writes HTML into the shared text as one new change (restoring a version). */
  replaceContent(html: string): void;
  /** Calls back after every change of the text (anyone's); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

const highlightKey = new PluginKey<DecorationSet>('passageHighlights');
type HighlightStorage = { highlights: Partial<Record<PassageKind, AnchoredPassage[]>> };

interface Binding {
  doc: Y.Doc;
  type: Y.XmlFragment;
  mapping: Parameters<typeof createAnchor>[1];
}

function bindingOf(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as { binding?: Binding } | undefined;
  return sync?.binding ?? null;
}

function rangeOf(state: EditorState, anchor: Anchor): { from: number; to: number } | null {
  const binding = bindingOf(state);
  if (!binding) return null;
  const range = resolveAnchor(binding.doc, binding.type, binding.mapping, anchor);
  if (!range || range.to > state.doc.content.size) return null;
  return range;
}

export const PassageHighlights = Extension.create<Record<string, never>, HighlightStorage>({
  name: 'passageHighlights',
  addStorage() {
    return { highlights: {} };
  },
  addProseMirrorPlugins() {
    const storage = this.storage;
    const build = (state: EditorState): DecorationSet => {
      const decorations: Decoration[] = [];
      for (const [kind, passages] of Object.entries(storage.highlights)) {
        for (const passage of passages) {
          const range = rangeOf(state, passage);
          if (range) {
            decorations.push(
              Decoration.inline(range.from, range.to, {
                class: `${kind}-highlight`,
                'data-passage-id': passage.id,
              }),
            );
          }
        }
      }
      return DecorationSet.create(state.doc, decorations);
    };
    return [
      new Plugin<DecorationSet>({
        key: highlightKey,
        state: {
          init: (_, state) => build(state),
          apply: (tr, old, _oldState, newState) =>
            tr.docChanged || tr.getMeta(highlightKey) ? build(newState) : old,
        },
        props: {
          decorations: (state) => highlightKey.getState(state),
        },
      }),
    ];
  },
});

export function editorHandle(editor: Editor): EditorHandle {
  return {
    captureSelection() {
      const { state } = editor;
      const { from, to } = state.selection;
      const binding = bindingOf(state);
      if (from === to || !binding) return null;
      return {
        ...createAnchor(binding.type, binding.mapping, from, to),
        quote: passageText(state.doc, { from, to }).slice(0, 500),
      };
    },
    isAlive(anchor) {
      return rangeOf(editor.state, anchor) !== null;
    },
    showPassage(anchor) {
      const range = rangeOf(editor.state, anchor);
      if (!range) return false;
      const { tr } = editor.state;
      editor.view.dispatch(
        tr.setSelection(TextSelection.create(tr.doc, range.from, range.to)).scrollIntoView(),
      );
      editor.view.focus();
      return true;
    },
    setHighlights(kind, passages) {
      const storage = editor.storage as unknown as Record<string, HighlightStorage>;
      storage.passageHighlights!.highlights[kind] = passages;
      editor.view.dispatch(editor.state.tr.setMeta(highlightKey, true));
    },
    replaceContent(html) {
      editor.commands.setContent(html, { emitUpdate: true });
    },
    onChange(listener) {
      const onTransaction = ({ transaction }: { transaction: { docChanged: boolean } }) => {
        if (transaction.docChanged) listener();
      };
      editor.on('transaction', onTransaction);
      return () => {
        editor.off('transaction', onTransaction);
      };
    },
  };
}
