import { Form, Link, NavLink, useLocation } from 'react-router';
import type { Locale } from '~/lib/i18n/i18n';
import { useT } from './i18n';

export interface HeaderViewer {
  displayName: string;
  organizationShortName: string | null;
  platformRole: 'admin' | 'member' | 'observer';
  unreadNotifications: number;
  openTasks: number;
  moderatedGroups: number;
}

export function SiteHeader({ viewer, locale }: { viewer: HeaderViewer | null; locale: Locale }) {
  const t = useT();
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  return (
    <header className="site-header">
      <div className="site-header__brand">
        <Link to="/" className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
      </div>
      <nav aria-label={t('nav.main')} className="site-header__nav">
        <ul>
          <li>
            <NavLink to="/" end>
              {t('nav.overview')}
            </NavLink>
          </li>
          {viewer ? (
            <li>
              <NavLink to="/kleingruppen">{t('nav.groups')}</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/masterplan">{t('tracking.nav.public')}</NavLink>
          </li>
          {viewer ? (
            <>
              <li>
                <NavLink to="/sitzungen">{t('meetings.title')}</NavLink>
              </li>
              <li>
                <NavLink to="/erklaerungen">{t('declarations.listTitle')}</NavLink>
              </li>
              <li>
                <NavLink to="/fahrplan">{t('declarations.roadmap.title')}</NavLink>
              </li>
              <li>
                <NavLink to="/umsetzung">{t('tracking.nav.dashboard')}</NavLink>
              </li>
              <li>
                <NavLink to="/aufgaben">
                  {viewer.openTasks > 0
                    ? t('tracking.nav.tasksOpen', { count: viewer.openTasks })
                    : t('tracking.nav.tasks')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/mitzeichnung">{t('review.signoff.title')}</NavLink>
              </li>
              <li>
                <NavLink to="/benachrichtigungen">
                  {viewer.unreadNotifications > 0
                    ? t('review.notifications.linkUnread', { count: viewer.unreadNotifications })
                    : t('review.notifications.link')}
                </NavLink>
              </li>
            </>
          ) : null}
          {viewer?.platformRole === 'admin' ? (
            <li>
              <NavLink to="/verwaltung">{t('nav.admin')}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <div className="site-header__account">
        <Form method="post" action="/sprache" className="inline-form">
          <input type="hidden" name="locale" value={locale === 'de' ? 'en' : 'de'} />
          <input type="hidden" name="redirectTo" value={back} />
          <button
            type="submit"
            className="button button--link"
            aria-label={t('nav.languageSwitchLabel')}
            lang={locale === 'de' ? 'en' : 'de'}
          >
            {t('nav.languageSwitch')}
          </button>
        </Form>
        {viewer ? (
          <>
            <p className="account-name">
              <span className="visually-hidden">{t('nav.signedInAs')} </span>
              <strong>{viewer.displayName}</strong>
              {viewer.organizationShortName ? (
                <span className="account-org">{viewer.organizationShortName}</span>
              ) : null}
              <span className="account-role">
                {viewer.platformRole === 'member' && viewer.moderatedGroups > 0
                  ? t('role.moderator', { count: viewer.moderatedGroups })
                  : t(`role.${viewer.platformRole}`)}
              </span>
            </p>
            <Form method="post" action="/abmelden" className="inline-form">
              <button type="submit" className="button button--secondary">
                {t('nav.signOut')}
              </button>
            </Form>
          </>
        ) : (
          <Link to="/anmelden" className="button button--secondary">
            {t('nav.signIn')}
          </Link>
        )}
      </div>
    </header>
  );
}
