import type { SignatureState } from '~/lib/review/review.server';
import { useT } from '../i18n';

/** Signed / needs renewal / missing: a word and a symbol, never colour alone. */
export function SignatureStateBadge({ state }: { state: SignatureState }) {
  const t = useT();
  const symbol = state === 'valid' ? '✓' : state === 'stale' ? '!' : '–';
  return (
    <span className={`badge signature-state signature-state--${state}`}>
      <span aria-hidden="true">{symbol} </span>
      {t(`review.signoff.state.${state}`)}
    </span>
  );
}
