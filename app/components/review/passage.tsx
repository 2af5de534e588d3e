import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import type { FetcherWithComponents } from 'react-router';
import type { AnchoredPassage, EditorHandle, PassageKind } from '~/collab/comment-anchors';
import type { Anchor } from '~/lib/review/anchors';
import type { MessageKey } from '~/lib/i18n/messages';
import { useT } from '../i18n';

/** A passage captured from the live editor's selection: its anchor and its text as quoted. */
export type CapturedPassage = Anchor & { quote: string };

/**
 * The button that takes the editor's current selection as the passage a form refers to, the
 * passage as chosen (announced politely), and a way to drop it. Keyboard: select in the editor
 * with Shift+arrows, then Tab to the button.
 */
export function PassagePicker({
  handle,
  passage,
  onChange,
  label,
  help,
  none,
}: {
  handle: EditorHandle | null;
  passage: CapturedPassage | null;
  onChange: (passage: CapturedPassage | null) => void;
  label: string;
  help: string;
  /** What the form refers to without a passage. */
  none: string;
}) {
  const t = useT();
  return (
    <div className="comment-passage">
      <button
        type="button"
        className="button button--secondary"
        disabled={!handle}
        title={help}
        // Keep the editor's selection: the button must not take it away on mouse down.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => onChange(handle?.captureSelection() ?? null)}
      >
        {label}
      </button>
      <p aria-live="polite">
        {passage ? t('review.comments.onPassage', { quote: passage.quote }) : none}
      </p>
      {passage ? (
        <button type="button" className="button button--link" onClick={() => onChange(null)}>
          {t('review.comments.clearPassage')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A key for a fetcher form that changes after every successful answer, so the form starts empty
 * again; `onReset` runs then too (state adjusted while rendering, once per answer).
 */
export function useResetAfterSave(
  result: { ok: boolean } | undefined,
  onReset: () => void = () => {},
): number {
  const [handled, setHandled] = useState(result);
  const [key, setKey] = useState(0);
  if (result?.ok && result !== handled) {
    setHandled(result);
    setKey((current) => current + 1);
    onReset();
  }
  return key;
}

/** The hidden fields of a captured passage (empty when none). */
export function PassageFields({ passage }: { passage: CapturedPassage | null }) {
  return (
    <>
      <input type="hidden" name="anchorStart" value={passage?.anchorStart ?? ''} />
      <input type="hidden" name="anchorEnd" value={passage?.anchorEnd ?? ''} />
      <input type="hidden" name="quote" value={passage?.quote ?? ''} />
    </>
  );
}

/**
 * A stored passage: the quote, "Bezug gelöscht" once its text is gone from the live editor, and
 * "Textstelle zeigen" while it exists (selects and scrolls to it; `onShow` runs first).
 */
export function PassageQuote({
  quote,
  anchorStart,
  anchorEnd,
  handle,
  className,
  onShow,
}: {
  quote: string;
  anchorStart: string | null;
  anchorEnd: string | null;
  handle: EditorHandle | null;
  className: string;
  onShow?: (anchor: Anchor) => void;
}) {
  const t = useT();
  const anchor = anchorStart && anchorEnd ? { anchorStart, anchorEnd } : null;
  const isAlive = anchor && handle ? handle.isAlive(anchor) : null;
  return (
    <>
      {quote ? (
        <blockquote className={className}>
          {quote}
          {isAlive === false ? (
            <span className="badge badge--warning"> {t('review.comments.anchorDeleted')}</span>
          ) : null}
        </blockquote>
      ) : null}
      {anchor && isAlive ? (
        <button
          type="button"
          className="button button--link"
          onClick={() => {
            onShow?.(anchor);
            handle?.showPassage(anchor);
          }}
        >
          {t('review.comments.showPassage')}
        </button>
      ) : null}
    </>
  );
}

/** Re-renders after every change of the live text: a passage can vanish while the page is open. */
export function useTextRevision(handle: EditorHandle | null): void {
  const [, setRevision] = useState(0);
  useEffect(() => handle?.onChange(() => setRevision((revision) => revision + 1)), [handle]);
}

/** Highlights the anchored ones of these passages in the live editor (one kind, replaced each time). */
export function useHighlights(
  handle: EditorHandle | null,
  kind: PassageKind,
  items: { id: string; anchorStart: string | null; anchorEnd: string | null }[],
): void {
  const anchored = JSON.stringify(
    items.flatMap(({ id, anchorStart, anchorEnd }) =>
      anchorStart && anchorEnd ? [{ id, anchorStart, anchorEnd }] : [],
    ),
  );
  useEffect(() => {
    handle?.setHighlights(kind, JSON.parse(anchored) as AnchoredPassage[]);
  }, [handle, kind, anchored]);
}

const PASSAGE_FORMS: Record<
  PassageKind,
  {
    path: string;
    text: Record<'heading' | 'hint' | 'label' | 'help' | 'none' | 'saved' | 'submit', MessageKey>;
  }
> = {
  comment: {
    path: 'kommentare',
    text: {
      heading: 'review.comments.new',
      hint: 'review.comments.selectHint',
      label: 'review.comments.fromSelection',
      help: 'review.comments.fromSelectionHelp',
      none: 'review.comments.general',
      saved: 'review.comments.saved',
      submit: 'review.comments.send',
    },
  },
  decision: {
    path: 'beschluesse',
    text: {
      heading: 'meetings.decisions.new',
      hint: 'meetings.decisions.selectHint',
      label: 'meetings.decisions.fromSelection',
      help: 'meetings.decisions.fromSelectionHelp',
      none: 'meetings.decisions.wholeMeasure',
      saved: 'meetings.decisions.recorded',
      submit: 'meetings.decisions.record',
    },
  },
};

/**
 * A form about a passage of the measure's live text (a new comment thread, a decision): heading,
 * hint, the passage picker, then a fetcher form posting the passage's hidden fields with
 * `children`, the saved notice and the submit button. After a saved answer it starts empty again;
 * `focusAfterPick` receives the focus once a passage is taken.
 */
export function PassageForm<T extends { ok: boolean }>({
  kind,
  fetcher,
  measureId,
  handle,
  focusAfterPick,
  children,
}: {
  kind: PassageKind;
  fetcher: FetcherWithComponents<T>;
  measureId: string;
  handle: EditorHandle | null;
  focusAfterPick: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const t = useT();
  const { path, text } = PASSAGE_FORMS[kind];
  const [passage, setPassage] = useState<CapturedPassage | null>(null);
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const formKey = useResetAfterSave(result, () => setPassage(null));
  const headingId = `${kind}-new`;
  return (
    <section aria-labelledby={headingId} className="comment-new">
      <h3 id={headingId}>{t(text.heading)}</h3>
      <p className="field-help">{t(text.hint)}</p>
      <PassagePicker
        handle={handle}
        passage={passage}
        onChange={(captured) => {
          setPassage(captured);
          if (captured) focusAfterPick.current?.focus();
        }}
        label={t(text.label)}
        help={t(text.help)}
        none={t(text.none)}
      />
      <fetcher.Form
        method="post"
        action={`/massnahmen/${measureId}/${path}`}
        className="form"
        key={formKey}
        noValidate
      >
        <PassageFields passage={passage} />
        {children}
        {result?.ok ? (
          <p className="alert alert--success" role="status">
            {t(text.saved)}
          </p>
        ) : null}
        <div>
          <button
            type="submit"
            className="button button--primary"
            disabled={fetcher.state !== 'idle'}
          >
            {t(text.submit)}
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}
