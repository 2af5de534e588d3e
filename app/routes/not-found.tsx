import { data } from 'react-router';
import type { Route } from './+types/not-found';
import { ErrorPage } from '~/components/error-page';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'error.notFoundTitle');

export function loader() {
  throw data({ messageKey: 'error.notFound' }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
