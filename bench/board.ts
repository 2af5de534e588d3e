/**
 * npm run bench:board — see board-run.ts. The page is measured as it is served: React in
 * production mode (chosen from NODE_ENV before React is first imported).
 */
process.env.APP_ENV ??= 'test';
process.env.NODE_ENV = 'production';
await import('./board-run');
export {};
