import { redirect } from 'react-router';
import type { Route } from './+types/sign-out';
import { destroySession } from '~/lib/auth/session.server';
import { signOutSupabase } from '~/lib/auth/supabase-auth.server';
import { getEnv } from '~/lib/env.server';

export async function action({ request }: Route.ActionArgs) {
  if (getEnv().authMode === 'supabase') {
    return redirect('/anmelden', { headers: await signOutSupabase(request) });
  }
  return redirect('/anmelden', { headers: { 'Set-Cookie': await destroySession(request) } });
}

export function loader() {
  return redirect('/');
}
