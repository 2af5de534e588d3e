import { data } from 'react-router';
import { ErrorPage } from '~/components/error-page';

// Placeholder until this page is built.
export function loader() {
  throw data({ messageKey: 'error.notFound' }, { status: 404 });
}

export default function Placeholder() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
