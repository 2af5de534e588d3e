import { NavLink } from 'react-router';
import { useT } from '../i18n';

export const ADMIN_PATHS = {
  home: '/verwaltung',
  organizations: '/verwaltung/organisationen',
  networks: '/verwaltung/netzwerke',
  accounts: '/verwaltung/konten',
} as const;

/** Links between the Verwaltung pages; the current one is marked with aria-current. */
export function AdminNav() {
  const t = useT();
  return (
    <nav aria-label={t('admin.sectionsNav')} className="admin-nav">
      <ul>
        <li>
          <NavLink to={ADMIN_PATHS.home} end>
            {t('admin.nav.home')}
          </NavLink>
        </li>
        <li>
          <NavLink to={ADMIN_PATHS.organizations}>{t('admin.organizations.title')}</NavLink>
        </li>
        <li>
          <NavLink to={ADMIN_PATHS.networks}>{t('admin.networks.title')}</NavLink>
        </li>
        <li>
          <NavLink to={ADMIN_PATHS.accounts}>{t('admin.accounts.title')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}
