import { z } from 'zod';
import { singleton } from './singleton.server';

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-in-production-0123456789';

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: z.string().url().optional(),
    PGLITE_DATA_DIR: z.string().min(1).default('.data/pglite'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    PUBLIC_URL: z.string().url().optional(),
    ALLOWED_ORIGINS: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(12),
    SUPABASE_URL: z.string().url().optional(),
    SUPABASE_ANON_KEY: z.string().min(1).optional(),
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(1).optional(),
    /** smtp(s)://user:pass@host:port — e-mail for check-ins; without it everything stays in-app. */
    SMTP_URL: z
      .string()
      .url()
      .refine((url) => /^smtps?:\/\//.test(url), 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().min(3).default('masterplan-werkstatt@localhost'),
  })
  .transform((env, ctx) => {
    const isProduction = env.NODE_ENV === 'production';
    if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_ANON_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SUPABASE_URL ? 'SUPABASE_ANON_KEY' : 'SUPABASE_URL'],
        message: 'Supabase mode needs both SUPABASE_URL and SUPABASE_ANON_KEY (or neither)',
      });
      return z.NEVER;
    }
    const supabase =
      env.SUPABASE_URL && env.SUPABASE_ANON_KEY
        ? {
            url: env.SUPABASE_URL.replace(/\/+$/, ''),
            anonKey: env.SUPABASE_ANON_KEY,
            serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY ?? null,
            /** The `iss` every access token of the project carries. */
            issuer: `${env.SUPABASE_URL.replace(/\/+$/, '')}/auth/v1`,
          }
        : null;
    if (supabase && isProduction && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: "Supabase mode in production needs DATABASE_URL (the project's pooler URL)",
      });
      return z.NEVER;
    }
    if (isProduction && !supabase && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET is required in production (at least 32 random characters)',
      });
      return z.NEVER;
    }
    const allowedOrigins = (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean);
    if (env.PUBLIC_URL) allowedOrigins.push(new URL(env.PUBLIC_URL).origin);
    return {
      ...env,
      isProduction,
      sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
      allowedOrigins,
      /** `supabase` when SUPABASE_URL and SUPABASE_ANON_KEY are set, else the built-in accounts. */
      authMode: supabase ? ('supabase' as const) : ('local' as const),
      supabase,
      logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info'),
    };
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {}

/**
 * APP_ENV, when set, is the environment our configuration means (seeding, required secrets); the
 * Node entry sets it so that NODE_ENV can select React's production build for a served build.
 */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse({ ...source, NODE_ENV: source.APP_ENV ?? source.NODE_ENV });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The environment, parsed once per process (the Node entry calls this first, so bad config stops the start). */
export function getEnv(): Env {
  return singleton('env', () => parseEnv(process.env));
}
