import { DateTime } from '~/components/date-time';
import { useT } from '~/components/i18n';
import type { DeclarationDetail } from '~/lib/declarations/declarations.server';

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .filter((part) => part.trim())
        .map((part, index) => (
          <p key={index} className="declaration-paragraph">
            {part}
          </p>
        ))}
    </>
  );
}

/**
 * The declaration's text as readers and the print view show it: preamble, measures by Themenfeld
 * (Quick Win / Leitprojekt flags, the pinned version or the live text, who signed that text),
 * commitments and the signing organisations. `headingLevel` 2 on its own page.
 */
export function DeclarationDocument({ declaration }: { declaration: DeclarationDetail }) {
  const t = useT();
  const signed = declaration.signers.filter((signer) => signer.signedAt);
  return (
    <article className="declaration-doc">
      {declaration.preamble ? (
        <section aria-labelledby="declaration-preamble">
          <h2 id="declaration-preamble">{t('declarations.page.preamble')}</h2>
          <Paragraphs text={declaration.preamble} />
        </section>
      ) : null}
      <section aria-labelledby="declaration-measures">
        <h2 id="declaration-measures">{t('declarations.page.measures')}</h2>
        {declaration.hiddenMeasureCount > 0 ? (
          <p className="notice">
            {t('declarations.page.hidden', { count: declaration.hiddenMeasureCount })}
          </p>
        ) : null}
        {declaration.themes.map((theme) => (
          <section key={theme.themeId} aria-labelledby={`declaration-theme-${theme.code}`}>
            <h3 id={`declaration-theme-${theme.code}`}>{theme.name}</h3>
            {theme.measures.map((measure) => (
              <section
                key={measure.measureId}
                className="declaration-measure"
                aria-labelledby={`declaration-measure-${measure.measureId}`}
              >
                <h4 id={`declaration-measure-${measure.measureId}`}>
                  <span className="measure-code">{measure.code}</span> {measure.title}{' '}
                  {measure.kind === 'quick_win' || measure.kind === 'flagship' ? (
                    <span className={`badge badge--kind badge--${measure.kind}`}>
                      {t(`declarations.kind.${measure.kind}`)}
                    </span>
                  ) : null}
                </h4>
                <p className="meetings-muted">
                  {measure.version
                    ? t('declarations.page.version', {
                        number: measure.version.number,
                        name: measure.version.name,
                      })
                    : t('declarations.page.liveText')}
                  {measure.organizations.length > 0
                    ? ` · ${t('declarations.page.carriers', {
                        names: measure.organizations.map((org) => org.shortName).join(', '),
                      })}`
                    : ''}
                </p>
                {measure.summary ? <p>{measure.summary}</p> : null}
                {/* content_html is sanitised by the collab server; never client HTML. */}
                <div
                  className="rendered-text"
                  dangerouslySetInnerHTML={{ __html: measure.contentHtml }}
                />
                <p className="meetings-muted">
                  {measure.signedBy.length > 0
                    ? t('declarations.page.signedMeasure', { names: measure.signedBy.join(', ') })
                    : t('declarations.page.notSignedMeasure')}
                </p>
              </section>
            ))}
          </section>
        ))}
      </section>
      {declaration.commitments ? (
        <section aria-labelledby="declaration-commitments">
          <h2 id="declaration-commitments">{t('declarations.page.commitments')}</h2>
          <Paragraphs text={declaration.commitments} />
        </section>
      ) : null}
      {declaration.status === 'frozen' ? (
        <section aria-labelledby="declaration-signed">
          <h2 id="declaration-signed">{t('declarations.export.signatures')}</h2>
          {signed.length === 0 ? (
            <p>{t('declarations.page.notSigned')}</p>
          ) : (
            <ul className="declaration-signers">
              {signed.map((signer) => (
                <li key={signer.organizationId}>
                  <strong>{signer.name}</strong> ({signer.shortName}) – {signer.signedByName ?? '–'}
                  , <DateTime iso={signer.signedAt!} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </article>
  );
}
