import { Form, Link, useNavigation } from 'react-router';
import type { Network } from '~/lib/admin/networks.server';
import type { FieldErrors } from '~/lib/errors';
import { useT } from '../i18n';
import { ADMIN_PATHS } from './admin-nav';
import { CheckboxGroup, TextAreaField, TextField, type Option } from './fields';

/** Adds a network, or edits `network` when given. */
export function NetworkForm({
  network,
  themes,
  fieldErrors,
}: {
  network: Network | null;
  themes: readonly Option[];
  fieldErrors: FieldErrors;
}) {
  const t = useT();
  const isSubmitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" noValidate className="form admin-form">
      {network ? (
        <>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="networkId" value={network.networkId} />
        </>
      ) : (
        <input type="hidden" name="intent" value="create" />
      )}
      <TextField
        id="network-name"
        name="name"
        label={t('admin.networks.field.name')}
        defaultValue={network?.name}
        errors={fieldErrors}
        isRequired
      />
      <TextAreaField
        id="network-description"
        name="description"
        label={t('admin.networks.field.description')}
        defaultValue={network?.description}
        errors={fieldErrors}
      />
      <CheckboxGroup
        id="network-themes"
        name="themeIds"
        legend={t('admin.networks.field.themes')}
        help={t('admin.networks.themesHint')}
        options={themes}
        defaultValues={network?.themeIds ?? []}
        errors={fieldErrors}
      />
      <TextField
        id="network-website"
        name="website"
        type="url"
        label={t('admin.website')}
        help={t('admin.websiteHint')}
        defaultValue={network?.website ?? ''}
        errors={fieldErrors}
        autoComplete="url"
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {network ? t('admin.save') : t('admin.networks.createSubmit')}
        </button>
        {network ? (
          <Link to={ADMIN_PATHS.networks} className="button button--secondary">
            {t('admin.cancel')}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** The confirmation step before a network is deleted. */
export function DeleteNetworkForm({ network }: { network: Network }) {
  const t = useT();
  const isSubmitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" className="form admin-form">
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="networkId" value={network.networkId} />
      <p>{t('admin.networks.deleteWarning')}</p>
      <div className="form-actions">
        <button type="submit" className="button button--danger" disabled={isSubmitting}>
          {t('admin.networks.deleteConfirm')}
        </button>
        <Link to={ADMIN_PATHS.networks} className="button button--secondary">
          {t('admin.cancel')}
        </Link>
      </div>
    </Form>
  );
}
