import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isMessageKey, type MessageKey } from '~/lib/i18n/messages';
import { useT } from './i18n';

function describe(error: unknown): { status: number; title: MessageKey; message: MessageKey } {
  if (isRouteErrorResponse(error)) {
    const given = (error.data as { messageKey?: string } | undefined)?.messageKey;
    const message = given && isMessageKey(given) ? given : null;
    if (error.status === 404)
      return { status: 404, title: 'error.notFoundTitle', message: message ?? 'error.notFound' };
    if (error.status === 403)
      return { status: 403, title: 'error.forbiddenTitle', message: message ?? 'error.forbidden' };
    if (error.status < 500)
      return {
        status: error.status,
        title: 'error.title',
        message: message ?? 'validation.invalid',
      };
  }
  return { status: 500, title: 'error.title', message: 'error.unexpected' };
}

/** The one error page: a status, a sentence for people, a way home — never a stack trace. */
export function ErrorPage() {
  const t = useT();
  const { status, title, message } = describe(useRouteError());
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(title)}</h1>
      <p>{t(message)}</p>
      <p>
        <Link to="/">{t('error.backHome')}</Link>
      </p>
    </section>
  );
}
