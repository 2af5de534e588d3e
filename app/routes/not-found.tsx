import { data } from 'react-router';
import { ErrorPage } from '~/components/error-page';

export function loader() {
  throw data({ messageKey: 'error.notFound' }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
