import { data, Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/declaration';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { DeclarationDocument } from '~/components/meetings/declaration-document';
import { requireUser } from '~/lib/auth/viewer.server';
import { DeclarationActionSchema } from '~/lib/declarations/declarations.schema';
import {
  getDeclaration,
  parseDeclarationId,
  performDeclarationAction,
} from '~/lib/declarations/declarations.server';
import {
  describeFailure,
  parseForm,
  rethrowAsResponse,
  type ActionFailure,
} from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  pageTitle(matches, 'declarations.title').map(({ title }) => ({
    title: loaderData ? `${loaderData.declaration.title} – ${title}` : title,
  }));

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  try {
    const declarationId = parseDeclarationId(args.params.declarationId);
    const declaration = await db((tx) =>
      getDeclaration(tx, declarationId, getLocale(args.request, viewer.locale)),
    );
    return { declaration };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

type ActionResult = { ok: true; intent: string } | (ActionFailure & { intent: string | null });

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  let intent: string | null = null;
  try {
    const declarationId = parseDeclarationId(args.params.declarationId);
    const parsed = await parseForm(args.request, DeclarationActionSchema);
    intent = parsed.intent;
    await performDeclarationAction(db, declarationId, parsed);
    if (parsed.intent === 'delete') return redirect('/erklaerungen');
    return data<ActionResult>({ ok: true, intent: parsed.intent });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<ActionResult>({ ...body, intent }, init);
  }
}

export default function Declaration({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const { declaration } = loaderData;
  const isFrozen = declaration.status === 'frozen';
  const base = `/erklaerungen/${declaration.declarationId}`;
  return (
    <div className="page">
      <p>
        <Link to="/erklaerungen">{t('declarations.page.back')}</Link>
      </p>
      <div className="page-heading">
        <h1>{declaration.title}</h1>
        <span className="badge">{t(`declarations.status.${declaration.status}`)}</span>
      </div>
      {actionData?.ok ? (
        <p className="alert alert--success" role="status">
          {actionData.intent === 'freeze'
            ? t('declarations.page.frozen')
            : t('declarations.page.signed')}
        </p>
      ) : actionData?.formError ? (
        <div className="alert alert--error" role="alert">
          {t(actionData.formError, actionData.formParams)}
        </div>
      ) : null}
      {isFrozen && declaration.frozenAt ? (
        <p className="notice">
          {t('declarations.page.frozenNote', { name: declaration.frozenByName ?? '–' })}{' '}
          <DateTime iso={declaration.frozenAt} />
        </p>
      ) : (
        <p className="notice">{t('declarations.page.draftNote')}</p>
      )}
      <ul className="button-row declaration-actions">
        {!isFrozen && declaration.canCompile ? (
          <li>
            <Link className="button button--secondary" to={`${base}/bearbeiten`}>
              {t('declarations.page.edit')}
            </Link>
          </li>
        ) : null}
        {isFrozen ? (
          <>
            <li>
              <Link className="button button--secondary" to={`${base}/druck`}>
                {t('declarations.page.print')}
              </Link>
            </li>
            <li>
              <a className="button button--secondary" href={`${base}/erklaerung.docx`} download>
                {t('declarations.page.docx')}
              </a>
            </li>
          </>
        ) : null}
        <li>
          <Link
            className="button button--secondary"
            to={`/fahrplan?erklaerung=${declaration.declarationId}`}
          >
            {t('declarations.page.roadmap')}
          </Link>
        </li>
        <li>
          <Link
            className="button button--secondary"
            to={`/erklaerungen/vergleich?b=${declaration.declarationId}`}
          >
            {t('declarations.page.compare')}
          </Link>
        </li>
      </ul>
      {!isFrozen && declaration.canCompile ? (
        <div className="button-row">
          <Form
            method="post"
            onSubmit={(event) => {
              if (!window.confirm(t('declarations.page.freezeConfirm'))) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="freeze" />
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('declarations.page.freeze')}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="delete" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {t('declarations.page.delete')}
            </button>
          </Form>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="declaration-signers">
        <h2 id="declaration-signers">{t('declarations.page.signatures')}</h2>
        {!isFrozen ? <p className="field-help">{t('declarations.page.signOnlyFrozen')}</p> : null}
        {declaration.signers.length === 0 ? (
          <p>{t('declarations.page.signaturesNone')}</p>
        ) : (
          <ul className="declaration-signers">
            {declaration.signers.map((signer) => (
              <li key={signer.organizationId}>
                <strong>{signer.shortName}</strong> ({signer.name}):{' '}
                {signer.signedAt ? (
                  <>
                    {t('declarations.page.signedBy', { name: signer.signedByName ?? '–' })}{' '}
                    <DateTime iso={signer.signedAt} />
                  </>
                ) : (
                  t('declarations.page.notSigned')
                )}
                {signer.canSign ? (
                  <Form method="post" className="inline-form">
                    <input
                      type="hidden"
                      name="intent"
                      value={signer.signedAt ? 'withdraw' : 'sign'}
                    />
                    <input type="hidden" name="organizationId" value={signer.organizationId} />{' '}
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      {signer.signedAt
                        ? t('declarations.page.withdraw', { organization: signer.shortName })
                        : t('declarations.page.sign', { organization: signer.shortName })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <DeclarationDocument declaration={declaration} />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
