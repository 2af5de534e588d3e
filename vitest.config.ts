import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) },
  },
  test: {
    setupFiles: ['tests/setup/fail-on-console-error.ts'],
    env: { NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/setup/global-database.ts'],
          setupFiles: ['tests/setup/file-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The RLS matrix once more, with claims made by the Supabase-mode path (TEST_AUTH_MODE).
        extends: true,
        test: {
          name: 'integration-supabase-auth',
          include: ['tests/integration/*rls*.test.ts'],
          env: { NODE_ENV: 'test', TEST_AUTH_MODE: 'supabase' },
          globalSetup: ['tests/setup/global-database.ts'],
          setupFiles: ['tests/setup/file-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/global-e2e.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
