/**
 * The Node entry. A served build runs React in production mode, which React chooses from NODE_ENV
 * when it is first imported — so NODE_ENV is set before anything loads React, and our own
 * configuration keeps the environment the process was started with (APP_ENV).
 */
const isDev = process.argv.includes('--dev');
if (!isDev) {
  process.env.APP_ENV ??= process.env.NODE_ENV ?? 'development';
  process.env.NODE_ENV = 'production';
}

const { serve } = await import('./serve');
serve({ isDev }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
export {};
