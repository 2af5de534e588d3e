import { Form, Link, useNavigation } from 'react-router';
import { ORGANIZATION_KINDS } from '~/lib/admin/admin.schema';
import type { Organization } from '~/lib/admin/organizations.server';
import type { FieldErrors } from '~/lib/errors';
import { useT } from '../i18n';
import { ADMIN_PATHS } from './admin-nav';
import { SelectField, TextField } from './fields';

/** Adds an organisation, or edits `organization` when given. */
export function OrganizationForm({
  organization,
  fieldErrors,
}: {
  organization: Organization | null;
  fieldErrors: FieldErrors;
}) {
  const t = useT();
  const isSubmitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" noValidate className="form admin-form">
      {organization ? (
        <>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="organizationId" value={organization.organizationId} />
        </>
      ) : (
        <input type="hidden" name="intent" value="create" />
      )}
      <TextField
        id="organization-short-name"
        name="shortName"
        label={t('admin.organizations.field.shortName')}
        help={t('admin.organizations.shortNameHint')}
        defaultValue={organization?.shortName}
        errors={fieldErrors}
        isRequired
      />
      <TextField
        id="organization-name"
        name="name"
        label={t('admin.organizations.field.name')}
        defaultValue={organization?.name}
        errors={fieldErrors}
        autoComplete="organization"
        isRequired
      />
      <SelectField
        id="organization-kind"
        name="kind"
        label={t('admin.organizations.field.kind')}
        defaultValue={organization?.kind ?? 'other'}
        errors={fieldErrors}
        options={ORGANIZATION_KINDS.map((kind) => ({
          value: kind,
          label: t(`admin.kind.${kind}`),
        }))}
      />
      <TextField
        id="organization-website"
        name="website"
        type="url"
        label={t('admin.website')}
        help={t('admin.websiteHint')}
        defaultValue={organization?.website ?? ''}
        errors={fieldErrors}
        autoComplete="url"
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {organization ? t('admin.save') : t('admin.organizations.createSubmit')}
        </button>
        {organization ? (
          <Link to={ADMIN_PATHS.organizations} className="button button--secondary">
            {t('admin.cancel')}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
