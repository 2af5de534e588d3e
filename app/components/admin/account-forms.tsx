import { Form, Link, useNavigation } from 'react-router';
import type { Account } from '~/lib/admin/accounts.server';
import { PLATFORM_ROLES } from '~/lib/admin/admin.schema';
import type { FieldErrors } from '~/lib/errors';
import { useT } from '../i18n';
import { ADMIN_PATHS } from './admin-nav';
import { SelectField, type Option } from './fields';

/** Role and organisation of one account. */
export function AccountForm({
  account,
  organizations,
  fieldErrors,
}: {
  account: Account;
  organizations: readonly Option[];
  fieldErrors: FieldErrors;
}) {
  const t = useT();
  const isSubmitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" noValidate className="form admin-form">
      <input type="hidden" name="intent" value="update" />
      <input type="hidden" name="profileId" value={account.profileId} />
      <SelectField
        id="account-role"
        name="platformRole"
        label={t('admin.accounts.field.role')}
        help={t('admin.accounts.roleHint')}
        defaultValue={account.platformRole}
        errors={fieldErrors}
        options={PLATFORM_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
      />
      <SelectField
        id="account-organization"
        name="organizationId"
        label={t('admin.accounts.field.organization')}
        defaultValue={account.organization?.organizationId ?? ''}
        errors={fieldErrors}
        options={[{ value: '', label: t('admin.accounts.noOrganization') }, ...organizations]}
      />
      <div className="field field--checkbox">
        <input
          id="account-can-sign"
          type="checkbox"
          name="canSign"
          value="1"
          defaultChecked={account.canSign}
          aria-describedby="account-can-sign-help"
        />
        <label htmlFor="account-can-sign">{t('review.signoff.canSign')}</label>
        <p id="account-can-sign-help" className="field__help">
          {t('review.signoff.canSignHelp')}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {t('admin.save')}
        </button>
        <Link to={ADMIN_PATHS.accounts} className="button button--secondary">
          {t('admin.cancel')}
        </Link>
      </div>
    </Form>
  );
}

/** Deactivate (ends every session at once) or reactivate one account. */
export function AccessForm({ account }: { account: Account }) {
  const t = useT();
  const isSubmitting = useNavigation().state === 'submitting';
  return (
    <Form method="post" className="form admin-form">
      <input type="hidden" name="intent" value={account.isActive ? 'deactivate' : 'reactivate'} />
      <input type="hidden" name="profileId" value={account.profileId} />
      <p>
        {account.isActive ? t('admin.accounts.deactivateHint') : t('admin.accounts.reactivateHint')}
      </p>
      <div className="form-actions">
        <button
          type="submit"
          className={account.isActive ? 'button button--danger' : 'button button--primary'}
          disabled={isSubmitting}
        >
          {account.isActive ? t('admin.accounts.deactivate') : t('admin.accounts.reactivate')}
        </button>
      </div>
    </Form>
  );
}
