import { Extension, type AnyExtension, type Extensions } from '@tiptap/core';
import { Collaboration, isChangeOrigin } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useEffect, useId, type ReactNode } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { useLocale, useT } from '~/components/i18n';
import { caretColor } from '~/lib/collab/caret-color';
import { DOCUMENT_FIELD, documentExtensions } from '~/lib/collab/editor-extensions';
import { CollabStatus } from './collab-status';
import { PassageHighlights, editorHandle, type EditorHandle } from './comment-anchors';
import { EditorToolbar } from './editor-toolbar';
import { PresenceList } from './presence-list';
import { useCollabDocument, type CollabUser } from './use-collab-document';

/** What the editor says about itself, already translated for the kind of document it edits. */
export interface CollabEditorLabels {
  /** The accessible name of the text box. */
  editor: string;
  placeholder: string;
  /** Shown when the document has no text (read-only, and before hydration). */
  empty: string;
}

export interface CollabEditorProps {
  /** `measure:<uuid>` or `minutes:<uuid>` (see `~/lib/collab/protocol`). */
  documentName: string;
  canEdit: boolean;
  labels: CollabEditorLabels;
  /** The saved text as server-sanitised HTML, shown until the live editor is ready. */
  initialHtml: string;
  user: { name: string; organization: string | null };
  /** Called with the live editor's handle (comments, restore) once it is ready, and null when it goes. */
  onHandle?: (handle: EditorHandle | null) => void;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** A stable caret colour for one's own caret; the server stamps the colour everyone else sees. */
export const colorForName = (name: string): string => caretColor(name);

function readableTextColor(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 ? '#000000' : '#ffffff';
}

/** Another person's caret: a coloured bar with "Name (Organisation)". Built from text nodes only. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color =
    typeof user.color === 'string' && HEX_COLOR.test(user.color) ? user.color : '#4a5360';
  const name = typeof user.name === 'string' ? user.name : '';
  const organization = typeof user.organization === 'string' ? user.organization : '';
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = color;
  // Screen readers would otherwise read other people's names as part of the text.
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = color;
  label.style.color = readableTextColor(color);
  label.textContent = organization ? `${name} (${organization})` : name;
  caret.append('\u2060', label, '\u2060');
  return caret;
}

/** A reader's editor applies changes from Yjs only, never its own (such as normalisations). */
const ReadOnlyGuard = Extension.create({
  name: 'readOnlyGuard',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('readOnlyGuard'),
        filterTransaction: (transaction) => !transaction.docChanged || isChangeOrigin(transaction),
      }),
    ];
  },
});

interface EditorSetup {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: CollabUser;
  canEdit: boolean;
  placeholder: string;
  taskLabel: (node: ProseMirrorNode) => string;
}

/**
 * The document schema plus collaboration. Opening the page must not change the document: the
 * trailing-node plugin would make every client that opens it write an empty paragraph into Yjs, so
 * it is switched off here (it has no part in the schema).
 */
function collaborationExtensions({
  doc,
  provider,
  user,
  canEdit,
  placeholder,
  taskLabel,
}: EditorSetup): Extensions {
  const adapt = (extension: AnyExtension): AnyExtension => {
    if (extension.name === 'starterKit') return extension.configure({ trailingNode: false });
    if (extension.name === 'taskItem') {
      return extension.configure({ a11y: { checkboxLabel: taskLabel } });
    }
    return extension;
  };
  return [
    ...documentExtensions().map(adapt),
    Collaboration.configure({ document: doc, field: DOCUMENT_FIELD }),
    CollaborationCaret.configure({ provider, user, render: renderCaret }),
    Placeholder.configure({ placeholder }),
    PassageHighlights,
    ...(canEdit ? [] : [ReadOnlyGuard]),
  ];
}

function StaticText({ html, empty }: { html: string; empty: string }) {
  return html ? (
    <div
      className="rendered-text collab-editor__content"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  ) : (
    <div className="rendered-text collab-editor__content">
      <p>{empty}</p>
    </div>
  );
}

interface LiveEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: CollabUser;
  canEdit: boolean;
  labels: CollabEditorLabels;
  readOnlyNoteId: string;
  fallback: ReactNode;
  onHandle?: (handle: EditorHandle | null) => void;
}

function LiveEditor({
  doc,
  provider,
  user,
  canEdit,
  labels,
  readOnlyNoteId,
  fallback,
  onHandle,
}: LiveEditorProps) {
  const t = useT();
  const locale = useLocale();
  const editorId = useId();
  const hintId = useId();
  const editor = useEditor(
    {
      immediatelyRender: false,
      // The CSP allows no injected <style>; the editor's base styles live in app.css.
      injectCSS: false,
      editable: canEdit,
      extensions: collaborationExtensions({
        doc,
        provider,
        user,
        canEdit,
        placeholder: labels.placeholder,
        taskLabel: (node) =>
          node.textContent
            ? t('collab.taskCheckbox', { text: node.textContent })
            : t('collab.taskCheckboxEmpty'),
      }),
      editorProps: {
        attributes: {
          id: editorId,
          class: 'rendered-text collab-editor__content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': labels.editor,
          'aria-readonly': canEdit ? 'false' : 'true',
          'aria-describedby': canEdit ? hintId : readOnlyNoteId,
        },
        // Tab belongs to lists and tables inside the text; Escape is the way out to the toolbar.
        handleKeyDown: (view, event) => {
          if (event.key !== 'Escape' || !canEdit) return false;
          const toolbar = view.dom.ownerDocument.querySelector<HTMLElement>(
            `[role="toolbar"][aria-controls="${CSS.escape(editorId)}"] [tabindex="0"]`,
          );
          if (!toolbar) return false;
          toolbar.focus();
          return true;
        },
      },
    },
    [
      doc,
      provider,
      canEdit,
      locale,
      user.name,
      user.organization,
      user.color,
      labels.editor,
      labels.placeholder,
    ],
  );
  useEffect(() => {
    if (!editor || !onHandle) return;
    onHandle(editorHandle(editor));
    return () => onHandle(null);
  }, [editor, onHandle]);
  const isEmpty = useEditorState({
    editor,
    selector: ({ editor: current }) => current?.isEmpty ?? false,
  });

  if (!editor) return fallback;
  return (
    <>
      {canEdit ? <EditorToolbar editor={editor} editorId={editorId} /> : null}
      <EditorContent editor={editor} className="collab-editor__surface" />
      {canEdit ? (
        <p id={hintId} className="collab-editor__hint">
          {t('collab.keyboardHint')}
        </p>
      ) : isEmpty ? (
        <p className="collab-editor__empty">{labels.empty}</p>
      ) : null}
    </>
  );
}

/**
 * A co-edited document (a measure's text, a meeting's minutes), edited together in real time. On the server, before hydration and until the
 * document has synced it shows `initialHtml` read-only in the same place, so crawlers, print and
 * no-JS readers get the text; then the live editor (client only) takes over. Readers
 * (`canEdit: false`) see changes and carets live but cannot type.
 */
export function CollabEditor({
  documentName,
  canEdit,
  labels,
  initialHtml,
  user,
  onHandle,
}: CollabEditorProps) {
  const t = useT();
  const readOnlyNoteId = useId();
  const collabUser: CollabUser = {
    name: user.name,
    organization: user.organization,
    color: colorForName(user.name),
  };
  const session = useCollabDocument(documentName, collabUser);
  const staticText = <StaticText html={initialHtml} empty={labels.empty} />;
  // The server may take write access away while the page is open (MESSAGE_ACCESS).
  const isEditable = canEdit && !session?.isReadOnly;

  return (
    <div className={`collab-editor${isEditable ? ' collab-editor--editable' : ''}`}>
      <div className="collab-editor__meta">
        {isEditable ? null : (
          <p id={readOnlyNoteId} className="collab-editor__read-only">
            {t('collab.readOnly')}
          </p>
        )}
        {session ? <CollabStatus status={session.status} canEdit={isEditable} /> : null}
      </div>
      {session?.hasSynced ? (
        <LiveEditor
          doc={session.doc}
          provider={session.provider}
          user={collabUser}
          // After a final close (access revoked, session ended) nothing typed would be saved.
          canEdit={isEditable && session.status !== 'noAccess' && session.status !== 'signedOut'}
          labels={labels}
          readOnlyNoteId={readOnlyNoteId}
          fallback={staticText}
          onHandle={onHandle}
        />
      ) : (
        staticText
      )}
      {session ? <PresenceList awareness={session.awareness} /> : null}
    </div>
  );
}
