import { useEffect, useRef } from 'react';
import { useFetcher, useRevalidator } from 'react-router';
import type { EditorHandle } from '~/collab/comment-anchors';
import type { CommentResult } from '~/lib/review/review.schema';
import type { Mentionable, Thread } from '~/lib/review/review.server';
import { DateTime } from '../date-time';
import { useT } from '../i18n';
import {
  PassageForm,
  PassageQuote,
  useHighlights,
  useResetAfterSave,
  useTextRevision,
} from './passage';

interface CommentsPanelProps {
  measureId: string;
  threads: Thread[];
  mentionable: Mentionable[];
  canComment: boolean;
  /** May resolve and reopen any thread (writers of the measure); authors always may. */
  canModerate: boolean;
  handle: EditorHandle | null;
}

/** Reloads the page's data when the server signals a change on this measure (server-sent events). */
export function useMeasureEvents(measureId: string) {
  const { revalidate } = useRevalidator();
  const revalidateRef = useRef(revalidate);
  useEffect(() => {
    revalidateRef.current = revalidate;
  }, [revalidate]);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/massnahmen/${measureId}/live`);
    const reload = () => void revalidateRef.current();
    source.addEventListener('comments', reload);
    source.addEventListener('signoff', reload);
    return () => source.close();
  }, [measureId]);
}

function Mentions({ idPrefix, mentionable }: { idPrefix: string; mentionable: Mentionable[] }) {
  const t = useT();
  if (mentionable.length === 0) return null;
  return (
    <details className="mentions">
      <summary>{t('review.comments.mentions')}</summary>
      <fieldset className="fieldset-plain">
        <legend className="visually-hidden">{t('review.comments.mentions')}</legend>
        <ul className="checkbox-list">
          {mentionable.map((person) => (
            <li key={person.userId}>
              <label htmlFor={`${idPrefix}-${person.userId}`}>
                <input
                  id={`${idPrefix}-${person.userId}`}
                  type="checkbox"
                  name="mentions"
                  value={person.userId}
                />
                <span>
                  {person.name}
                  {person.organization ? ` (${person.organization})` : ''}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </details>
  );
}

function FetcherMessage({ result }: { result: CommentResult | undefined }) {
  const t = useT();
  if (!result || result.ok) return null;
  const field = Object.values(result.fieldErrors)[0];
  return (
    <div className="alert alert--error" role="alert">
      {t(field ?? result.formError ?? 'validation.invalid', result.formParams)}
    </div>
  );
}

function NewThreadForm({
  mentionable,
  ...props
}: Pick<CommentsPanelProps, 'measureId' | 'mentionable' | 'handle'>) {
  const t = useT();
  const fetcher = useFetcher<CommentResult>();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  return (
    <PassageForm kind="comment" fetcher={fetcher} focusAfterPick={bodyRef} {...props}>
      <input type="hidden" name="intent" value="thread" />
      <div className="field">
        <label htmlFor="comment-body">{t('review.comments.body')}</label>
        <textarea id="comment-body" name="body" rows={3} maxLength={4000} ref={bodyRef} required />
      </div>
      <Mentions idPrefix="mention-new" mentionable={mentionable} />
      <FetcherMessage result={fetcher.data} />
    </PassageForm>
  );
}

function ThreadItem({
  measureId,
  thread,
  mentionable,
  canComment,
  canModerate,
  handle,
}: Omit<CommentsPanelProps, 'threads'> & { thread: Thread }) {
  const t = useT();
  const reply = useFetcher<CommentResult>();
  const status = useFetcher<CommentResult>();
  const replyKey = useResetAfterSave(reply.state === 'idle' ? reply.data : undefined);
  const first = thread.comments[0];
  const headingId = `thread-${thread.threadId}`;
  return (
    <article
      className="comment-thread"
      aria-labelledby={headingId}
      data-thread-id={thread.threadId}
    >
      <h4 id={headingId} className="comment-thread__title">
        {t('review.comments.thread', { name: first?.authorName ?? '–' })}
      </h4>
      <PassageQuote {...thread} handle={handle} className="comment-thread__quote" />
      <ol className="comment-list">
        {thread.comments.map((comment) => (
          <li key={comment.commentId} className="comment">
            <p className="comment__meta">
              <strong>{comment.authorName ?? '–'}</strong>
              {comment.authorOrganization ? ` (${comment.authorOrganization})` : ''} ·{' '}
              <DateTime iso={comment.createdAt} />
            </p>
            <p className="comment__body">{comment.body}</p>
            {comment.mentions.length > 0 ? (
              <p className="comment__mentions">
                {t('review.comments.mentioned', { names: comment.mentions.join(', ') })}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {thread.status === 'resolved' && thread.resolvedByName ? (
        <p className="comment-thread__resolved">
          {t('review.comments.resolvedBy', { name: thread.resolvedByName })}
        </p>
      ) : null}
      <FetcherMessage result={reply.data} />
      <FetcherMessage result={status.data} />
      {canComment && thread.status === 'open' ? (
        <reply.Form
          method="post"
          action={`/massnahmen/${measureId}/kommentare`}
          className="form"
          key={replyKey}
          noValidate
        >
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="threadId" value={thread.threadId} />
          <div className="field">
            <label htmlFor={`reply-${thread.threadId}`}>{t('review.comments.reply')}</label>
            <textarea id={`reply-${thread.threadId}`} name="body" rows={2} maxLength={4000} />
          </div>
          <Mentions idPrefix={`mention-${thread.threadId}`} mentionable={mentionable} />
          <div>
            <button
              type="submit"
              className="button button--secondary"
              disabled={reply.state !== 'idle'}
            >
              {t('review.comments.sendReply')}
            </button>
          </div>
        </reply.Form>
      ) : null}
      {canModerate || canComment ? (
        <status.Form method="post" action={`/massnahmen/${measureId}/kommentare`}>
          <input type="hidden" name="intent" value="status" />
          <input type="hidden" name="threadId" value={thread.threadId} />
          <input
            type="hidden"
            name="status"
            value={thread.status === 'open' ? 'resolved' : 'open'}
          />
          <button type="submit" className="button button--link" disabled={status.state !== 'idle'}>
            {thread.status === 'open' ? t('review.comments.resolve') : t('review.comments.reopen')}
          </button>
        </status.Form>
      ) : null}
    </article>
  );
}

/** The side panel: a new comment (on the selected passage or the whole measure), open and resolved threads. */
export function CommentsPanel(props: CommentsPanelProps) {
  const t = useT();
  const { measureId, threads, canComment, handle } = props;
  useMeasureEvents(measureId);
  const open = threads.filter((thread) => thread.status === 'open');
  const resolved = threads.filter((thread) => thread.status === 'resolved');
  // Passages can vanish while the panel is open ("Bezug gelöscht"): re-check after text changes.
  useTextRevision(handle);
  useHighlights(
    handle,
    'comment',
    open.map((thread) => ({ ...thread, id: thread.threadId })),
  );
  return (
    <section className="panel comments-panel" aria-labelledby="section-comments">
      <h2 id="section-comments">{t('review.comments.title')}</h2>
      <p className="field__help">{t('review.comments.live')}</p>
      {canComment ? <NewThreadForm {...props} /> : <p>{t('review.comments.readOnly')}</p>}
      <h3>{t('review.comments.open', { count: open.length })}</h3>
      {open.length === 0 ? <p>{t('review.comments.none')}</p> : null}
      {open.map((thread) => (
        <ThreadItem key={thread.threadId} {...props} thread={thread} />
      ))}
      <details className="comments-resolved">
        <summary>{t('review.comments.resolved', { count: resolved.length })}</summary>
        {resolved.length === 0 ? <p>{t('review.comments.noneResolved')}</p> : null}
        {resolved.map((thread) => (
          <ThreadItem key={thread.threadId} {...props} thread={thread} />
        ))}
      </details>
    </section>
  );
}
