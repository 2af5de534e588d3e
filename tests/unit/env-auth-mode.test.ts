import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../app/lib/env.server';

const SUPABASE = {
  SUPABASE_URL: 'https://abcdefgh.supabase.co/',
  SUPABASE_ANON_KEY: 'sb_publishable_x',
};

describe('auth mode from the environment', () => {
  it('uses the built-in accounts without Supabase settings', () => {
    const env = parseEnv({ NODE_ENV: 'test' });
    expect(env.authMode).toBe('local');
    expect(env.supabase).toBeNull();
  });

  it('switches to Supabase mode with URL and publishable key; the issuer is the project’s Auth URL', () => {
    const env = parseEnv({ NODE_ENV: 'test', ...SUPABASE });
    expect(env.authMode).toBe('supabase');
    expect(env.supabase).toMatchObject({
      url: 'https://abcdefgh.supabase.co',
      issuer: 'https://abcdefgh.supabase.co/auth/v1',
      serviceRoleKey: null,
    });
  });

  it('refuses half a Supabase configuration', () => {
    expect(() => parseEnv({ NODE_ENV: 'test', SUPABASE_URL: SUPABASE.SUPABASE_URL })).toThrow(
      EnvError,
    );
    expect(() =>
      parseEnv({ NODE_ENV: 'test', SUPABASE_ANON_KEY: SUPABASE.SUPABASE_ANON_KEY }),
    ).toThrow(/SUPABASE_URL/);
  });

  it('in production, Supabase mode needs the project database but no session secret', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', ...SUPABASE })).toThrow(/DATABASE_URL/);
    const env = parseEnv({
      NODE_ENV: 'production',
      ...SUPABASE,
      DATABASE_URL: 'postgres://postgres@db.example:5432/postgres',
    });
    expect(env.authMode).toBe('supabase');
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });
});
