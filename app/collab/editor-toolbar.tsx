import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useT } from '~/components/i18n';
import { isAllowedLink } from '~/lib/collab/editor-extensions';
import type { MessageKey } from '~/lib/i18n/messages';

const TABLE = { rows: 3, cols: 3, withHeaderRow: true } as const;

interface Action {
  id: string;
  label: MessageKey;
  className?: string;
  /** Toggles carry aria-pressed; plain actions leave it out. */
  isPressed?: boolean;
  isDisabled?: boolean;
  run: () => void;
}

interface EditorToolbarProps {
  editor: Editor;
  /** The id of the editable element the toolbar formats. */
  editorId: string;
  ref?: Ref<HTMLDivElement>;
}

/**
 * The formatting toolbar: one tab stop, arrow keys/Home/End move between buttons (roving tabindex),
 * toggles report their state with aria-pressed. The link button opens a small form below it.
 */
export function EditorToolbar({ editor, editorId, ref }: EditorToolbarProps) {
  const t = useT();
  const linkFormId = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [activeIndex, setActiveIndex] = useState(0);
  const [isLinkOpen, setLinkOpen] = useState(false);
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading2: current.isActive('heading', { level: 2 }),
      heading3: current.isActive('heading', { level: 3 }),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
      taskList: current.isActive('taskList'),
      href: current.isActive('link') ? String(current.getAttributes('link').href ?? '') : null,
      canInsertTable: current.can().insertTable(TABLE),
    }),
  });

  const actions: Action[] = [
    {
      id: 'bold',
      label: 'collab.toolbar.bold',
      className: 'editor-toolbar__button--bold',
      isPressed: state.bold,
      run: () => editor.chain().focus().toggleBold().run(),
    },
    {
      id: 'italic',
      label: 'collab.toolbar.italic',
      className: 'editor-toolbar__button--italic',
      isPressed: state.italic,
      run: () => editor.chain().focus().toggleItalic().run(),
    },
    {
      id: 'heading2',
      label: 'collab.toolbar.heading2',
      isPressed: state.heading2,
      run: () => editor.chain().focus().toggleHeading({ level: 2 }).run(),
    },
    {
      id: 'heading3',
      label: 'collab.toolbar.heading3',
      isPressed: state.heading3,
      run: () => editor.chain().focus().toggleHeading({ level: 3 }).run(),
    },
    {
      id: 'bulletList',
      label: 'collab.toolbar.bulletList',
      isPressed: state.bulletList,
      run: () => editor.chain().focus().toggleBulletList().run(),
    },
    {
      id: 'orderedList',
      label: 'collab.toolbar.orderedList',
      isPressed: state.orderedList,
      run: () => editor.chain().focus().toggleOrderedList().run(),
    },
    {
      id: 'taskList',
      label: 'collab.toolbar.taskList',
      isPressed: state.taskList,
      run: () => editor.chain().focus().toggleTaskList().run(),
    },
    {
      id: 'link',
      label: 'collab.toolbar.link',
      run: () => setLinkOpen((open) => !open),
    },
    {
      id: 'table',
      label: 'collab.toolbar.table',
      isDisabled: !state.canInsertTable,
      run: () => editor.chain().focus().insertTable(TABLE).run(),
    },
  ];
  const linkIndex = actions.findIndex((action) => action.id === 'link');

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const last = actions.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? activeIndex === last
          ? 0
          : activeIndex + 1
        : event.key === 'ArrowLeft'
          ? activeIndex === 0
            ? last
            : activeIndex - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setActiveIndex(next);
    buttons.current[next]?.focus();
  }

  function closeLinkForm() {
    setLinkOpen(false);
    buttons.current[linkIndex]?.focus();
  }

  function applyLink(href: string) {
    setLinkOpen(false);
    const chain = editor.chain().focus();
    // With nothing selected the address itself becomes the link text.
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      chain.extendMarkRange('link').setLink({ href }).run();
    }
  }

  function removeLink() {
    setLinkOpen(false);
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
  }

  return (
    <>
      <div
        ref={ref}
        className="editor-toolbar"
        role="toolbar"
        aria-label={t('collab.toolbar.label')}
        aria-controls={editorId}
        onKeyDown={moveFocus}
      >
        {actions.map((action, index) => (
          <button
            key={action.id}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            className={`editor-toolbar__button ${action.className ?? ''}`.trim()}
            tabIndex={index === activeIndex ? 0 : -1}
            aria-pressed={action.isPressed}
            aria-disabled={action.isDisabled || undefined}
            aria-expanded={action.id === 'link' ? isLinkOpen : undefined}
            aria-controls={action.id === 'link' && isLinkOpen ? linkFormId : undefined}
            onFocus={() => setActiveIndex(index)}
            onClick={() => {
              if (!action.isDisabled) action.run();
            }}
          >
            {t(action.label)}
          </button>
        ))}
      </div>
      {isLinkOpen ? (
        <LinkForm
          id={linkFormId}
          initialHref={state.href ?? ''}
          canRemove={state.href !== null}
          onApply={applyLink}
          onRemove={removeLink}
          onCancel={closeLinkForm}
        />
      ) : null}
    </>
  );
}

interface LinkFormProps {
  id: string;
  initialHref: string;
  canRemove: boolean;
  onApply: (href: string) => void;
  onRemove: () => void;
  onCancel: () => void;
}

/** Not a <form>: the editor may sit inside one. Enter applies, Escape cancels. */
function LinkForm({ id, initialHref, canRemove, onApply, onRemove, onCancel }: LinkFormProps) {
  const t = useT();
  const inputId = useId();
  const [href, setHref] = useState(initialHref);
  const [isInvalid, setInvalid] = useState(false);

  function apply() {
    const value = href.trim();
    if (!isAllowedLink(value)) {
      setInvalid(true);
      return;
    }
    onApply(value);
  }

  return (
    <div id={id} className="link-form" role="group" aria-label={t('collab.toolbar.link')}>
      <div className="field">
        <label htmlFor={inputId}>{t('collab.link.label')}</label>
        <p id={`${inputId}-help`} className="field-help">
          {t('collab.link.help')}
        </p>
        {isInvalid ? (
          <p id={`${inputId}-error`} className="field-error" role="alert">
            {t('collab.link.invalid')}
          </p>
        ) : null}
        <input
          id={inputId}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          // The form opens on the user's own click; the address field is where they continue.
          autoFocus
          value={href}
          aria-invalid={isInvalid || undefined}
          aria-describedby={`${inputId}-help${isInvalid ? ` ${inputId}-error` : ''}`}
          onChange={(event) => {
            setHref(event.target.value);
            setInvalid(false);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              apply();
            } else if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              onCancel();
            }
          }}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={apply}>
          {t('collab.link.apply')}
        </button>
        {canRemove ? (
          <button type="button" className="button button--secondary" onClick={onRemove}>
            {t('collab.link.remove')}
          </button>
        ) : null}
        <button type="button" className="button button--link" onClick={onCancel}>
          {t('collab.link.cancel')}
        </button>
      </div>
    </div>
  );
}
