import { data, Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/declaration-form';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { FormAlert } from '~/components/form-alert';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { DeclarationFormSchema } from '~/lib/declarations/declarations.schema';
import {
  createDeclaration,
  getDeclaration,
  listDeclarableMeasures,
  parseDeclarationId,
  updateDeclaration,
} from '~/lib/declarations/declarations.server';
import { forbidden } from '~/lib/errors';
import { describeFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'declarations.new');

/** Registered twice: /erklaerungen/neu and /erklaerungen/:declarationId/bearbeiten. */
export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  const locale = getLocale(args.request, viewer.locale);
  try {
    return await db(async (tx) => {
      const options = await listDeclarableMeasures(tx, locale);
      const { rows } = await tx.query<{ can: boolean }>(
        'select app_private.can_compile_declarations() as can',
      );
      if (!rows[0]?.can) throw forbidden({ page: 'declaration-form' });
      if (!args.params.declarationId) return { current: null, options };
      const current = await getDeclaration(
        tx,
        parseDeclarationId(args.params.declarationId),
        locale,
      );
      return { current, options };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const form = await parseForm(args.request, DeclarationFormSchema);
    if (!args.params.declarationId) {
      const declarationId = await createDeclaration(db, form);
      return redirect(`/erklaerungen/${declarationId}`);
    }
    const declarationId = parseDeclarationId(args.params.declarationId);
    await updateDeclaration(db, declarationId, form);
    return redirect(`/erklaerungen/${declarationId}`);
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data(body, init);
  }
}

export default function DeclarationForm({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const { current, options } = loaderData;
  const errors = actionData?.fieldErrors;
  const chosen = new Set(current?.measureIds ?? []);
  const themes = [...new Set(options.map((option) => option.themeName))];
  return (
    <div className="page page--form">
      <p>
        {current ? (
          <Link to={`/erklaerungen/${current.declarationId}`}>{current.title}</Link>
        ) : (
          <Link to="/erklaerungen">{t('declarations.page.back')}</Link>
        )}
      </p>
      <h1>{current ? t('declarations.form.editTitle') : t('declarations.new')}</h1>
      {current?.status === 'frozen' ? (
        <p className="alert alert--error" role="alert">
          {t('declarations.error.frozen')}
        </p>
      ) : (
        <Form method="post" className="form" noValidate>
          <FormAlert failure={actionData} />
          <FormField
            id="declaration-title"
            name="title"
            label={t('declarations.form.title')}
            errors={errors}
          >
            {(props) => (
              <input
                {...props}
                type="text"
                required
                maxLength={200}
                defaultValue={current?.title ?? ''}
              />
            )}
          </FormField>
          <FormField
            id="declaration-preamble"
            name="preamble"
            label={t('declarations.form.preamble')}
            errors={errors}
          >
            {(props) => (
              <textarea
                {...props}
                rows={6}
                maxLength={20000}
                defaultValue={current?.preamble ?? ''}
              />
            )}
          </FormField>
          <FormField
            id="declaration-commitments"
            name="commitments"
            label={t('declarations.form.commitments')}
            errors={errors}
          >
            {(props) => (
              <textarea
                {...props}
                rows={6}
                maxLength={20000}
                defaultValue={current?.commitments ?? ''}
              />
            )}
          </FormField>
          <fieldset className="meetings-fieldset">
            <legend>{t('declarations.form.measures')}</legend>
            <p className="field-help">{t('declarations.form.measuresHelp')}</p>
            {errors?.measureIds ? <p className="field-error">{t(errors.measureIds)}</p> : null}
            {themes.map((theme) => (
              <fieldset key={theme} className="meetings-fieldset">
                <legend>{theme}</legend>
                <ul className="checkbox-list">
                  {options
                    .filter((option) => option.themeName === theme)
                    .map((option) => (
                      <li key={option.measureId}>
                        <label>
                          <input
                            type="checkbox"
                            name="measureIds"
                            value={option.measureId}
                            defaultChecked={chosen.has(option.measureId)}
                          />{' '}
                          {option.code} {option.title} ({t(`declarations.kind.${option.kind}`)})
                        </label>
                      </li>
                    ))}
                </ul>
              </fieldset>
            ))}
          </fieldset>
          <div className="button-row">
            <button
              type="submit"
              className="button button--primary"
              disabled={navigation.state !== 'idle'}
            >
              {current ? t('declarations.form.save') : t('declarations.form.create')}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
