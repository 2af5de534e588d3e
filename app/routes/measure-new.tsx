import { Form, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/measure-new';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { FormAlert } from '~/components/form-alert';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MEASURE_KINDS, MeasureCreateSchema } from '~/lib/measures/measures.schema';
import { createMeasure, listCreateOptions } from '~/lib/measures/measures.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'measure.new.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const locale = getLocale(args.request, signedIn.viewer.locale);
  const options = await signedIn.db((tx) => listCreateOptions(tx, locale));
  const requestedTheme = new URL(args.request.url).searchParams.get('themeId');
  return { options, requestedTheme };
}

export async function action(args: Route.ActionArgs) {
  const signedIn = await requireUser(args);
  try {
    const input = await parseForm(args.request, MeasureCreateSchema);
    const { measureId } = await createMeasure(signedIn.db, input);
    return redirect(`/massnahmen/${measureId}`);
  } catch (error) {
    return actionFailure(error);
  }
}

export default function NewMeasure({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const { options, requestedTheme } = loaderData;
  const errors = actionData?.fieldErrors;
  const canCreate = options.groups.length > 0 || options.canCreateWithoutGroup;
  return (
    <div className="page page--narrow">
      <h1>{t('measure.new.title')}</h1>
      {!canCreate ? (
        <p className="notice">{t('measure.new.noGroups')}</p>
      ) : (
        <Form method="post" className="form" noValidate>
          <FormAlert failure={actionData} />
          <FormField id="themeId" name="themeId" label={t('measure.theme')} errors={errors}>
            {(props) => (
              <select {...props} defaultValue={requestedTheme ?? options.themes[0]?.themeId}>
                {options.themes.map((theme) => (
                  <option key={theme.themeId} value={theme.themeId}>
                    {theme.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id="workingGroupId"
            name="workingGroupId"
            label={t('measure.group')}
            errors={errors}
          >
            {(props) => (
              <select {...props} defaultValue={options.groups[0]?.workingGroupId ?? ''}>
                {options.canCreateWithoutGroup ? (
                  <option value="">{t('measure.new.groupNone')}</option>
                ) : null}
                {options.groups.map((group) => (
                  <option key={group.workingGroupId} value={group.workingGroupId}>
                    {group.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField id="title" name="title" label={t('measure.title')} errors={errors}>
            {(props) => <input {...props} required maxLength={200} />}
          </FormField>
          <FormField id="summary" name="summary" label={t('measure.summary')} errors={errors}>
            {(props) => <textarea {...props} maxLength={2000} />}
          </FormField>
          <FormField id="kind" name="kind" label={t('measure.kind')} errors={errors}>
            {(props) => (
              <select {...props} defaultValue="open">
                {MEASURE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`measure.kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <div>
            <button
              type="submit"
              className="button button--primary"
              disabled={navigation.state !== 'idle'}
            >
              {t('measure.new.submit')}
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
