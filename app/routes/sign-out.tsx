import { redirect } from 'react-router';
import type { Route } from './+types/sign-out';
import { destroySession } from '~/lib/auth/session.server';

export async function action({ request }: Route.ActionArgs) {
  return redirect('/anmelden', { headers: { 'Set-Cookie': await destroySession(request) } });
}

export function loader() {
  return redirect('/');
}
