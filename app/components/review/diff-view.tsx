import { useState } from 'react';
import type { DiffPart } from '~/lib/review/diff';
import { useT } from '../i18n';

/**
 * A word diff inline or side by side. Changes are marked by more than colour: inserted words are
 * underlined, deleted ones struck through, and screen readers hear "eingefügt"/"gelöscht".
 */
export function DiffView({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  const [mode, setMode] = useState<'inline' | 'side'>('inline');
  const changed = parts.some((part) => part.kind !== 'equal');
  const render = (part: DiffPart, index: number, show: 'both' | 'before' | 'after') => {
    if (part.kind === 'equal') return <span key={index}>{part.text}</span>;
    if (part.kind === 'insert' && show !== 'before') {
      return (
        <ins key={index} className="diff-ins">
          <span className="visually-hidden">[{t('review.compare.inserted')}: </span>
          {part.text}
          <span className="visually-hidden">]</span>
        </ins>
      );
    }
    if (part.kind === 'delete' && show !== 'after') {
      return (
        <del key={index} className="diff-del">
          <span className="visually-hidden">[{t('review.compare.deleted')}: </span>
          {part.text}
          <span className="visually-hidden">]</span>
        </del>
      );
    }
    return null;
  };
  return (
    <section className="panel" aria-labelledby="text-changes">
      <h2 id="text-changes">{t('measure.section.text')}</h2>
      {!changed ? (
        <p>{t('review.compare.noTextChanges')}</p>
      ) : (
        <>
          <p>{t('review.compare.legend')}</p>
          <div className="theme-switch" role="group" aria-label={t('review.versions.compare')}>
            <button
              type="button"
              className="theme-switch__button diff-mode"
              aria-pressed={mode === 'inline'}
              onClick={() => setMode('inline')}
            >
              {t('review.compare.inline')}
            </button>
            <button
              type="button"
              className="theme-switch__button diff-mode"
              aria-pressed={mode === 'side'}
              onClick={() => setMode('side')}
            >
              {t('review.compare.sideBySide')}
            </button>
          </div>
          {mode === 'inline' ? (
            <div className="diff-text" data-testid="diff-inline">
              {parts.map((part, index) => render(part, index, 'both'))}
            </div>
          ) : (
            <div className="diff-columns">
              <div className="diff-text" aria-label={t('review.compare.before')} role="group">
                {parts.map((part, index) => render(part, index, 'before'))}
              </div>
              <div className="diff-text" aria-label={t('review.compare.after')} role="group">
                {parts.map((part, index) => render(part, index, 'after'))}
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
