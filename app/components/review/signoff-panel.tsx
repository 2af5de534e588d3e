import { useFetcher } from 'react-router';
import { FormAlert } from '~/components/form-alert';
import type { SignResult } from '~/lib/review/review.schema';
import type { SignoffEntry } from '~/lib/review/review.server';
import { DateTime } from '../date-time';
import { useT } from '../i18n';
import { SignatureStateBadge } from './signature-state';

function SignButton({ measureId, entry }: { measureId: string; entry: SignoffEntry }) {
  const t = useT();
  const fetcher = useFetcher<SignResult>();
  return (
    <fetcher.Form method="post" action={`/massnahmen/${measureId}/mitzeichnung`}>
      <input type="hidden" name="organizationId" value={entry.organizationId} />
      {fetcher.data?.ok === false ? <FormAlert failure={fetcher.data} /> : null}
      {fetcher.state === 'idle' && fetcher.data?.ok ? (
        <p className="alert alert--success" role="status">
          {t('review.signoff.signed')}
        </p>
      ) : null}
      <button type="submit" className="button button--primary" disabled={fetcher.state !== 'idle'}>
        {t('review.signoff.sign', { organization: entry.shortName })}
      </button>
    </fetcher.Form>
  );
}

/** Which lead and partner organisations have signed the binding sections, and the signer's button. */
export function SignoffPanel({
  measureId,
  entries,
}: {
  measureId: string;
  entries: SignoffEntry[];
}) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="section-signoff">
      <h2 id="section-signoff">{t('review.signoff.title')}</h2>
      <p className="field__help">{t('review.signoff.intro')}</p>
      {entries.length === 0 ? (
        <p>{t('review.signoff.none')}</p>
      ) : (
        <ul className="signoff-list">
          {entries.map((entry) => (
            <li key={entry.organizationId} data-organization={entry.shortName}>
              <p>
                <strong>
                  <abbr title={entry.name}>{entry.shortName}</abbr>
                </strong>{' '}
                ({t(`measure.role.${entry.role}`)}): <SignatureStateBadge state={entry.state} />
              </p>
              {entry.signedByName && entry.signedAt ? (
                <p className="field__help">
                  {t('review.signoff.signedBy', {
                    name: entry.signedByName,
                    number: entry.versionNumber ?? '–',
                  })}{' '}
                  · <DateTime iso={entry.signedAt} />
                </p>
              ) : null}
              {entry.canSign && entry.state !== 'valid' ? (
                <SignButton measureId={measureId} entry={entry} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
