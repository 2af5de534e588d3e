import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SERVICE_ROLE_MESSAGE =
  'service_role bypasses RLS: only migrations, seeding, authentication internals and collab persistence may use it. Request code uses withUser/withAnon.';

export default tseslint.config(
  { ignores: ['build/', '.react-router/', 'node_modules/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/lib/db/**', 'app/lib/auth/**', 'app/server/collab/**', 'app/server/db-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/with-service.server', '**/transaction.server'],
              message: SERVICE_ROLE_MESSAGE,
            },
            { group: ['**/routes/*', '~/routes/*'], message: 'Nothing imports from app/routes.' },
            { group: ['**/tests/**'], message: 'Source never imports from tests/.' },
          ],
        },
      ],
    },
  },
);
