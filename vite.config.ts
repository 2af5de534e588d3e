import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    alias: { '~': fileURLToPath(new URL('./app', import.meta.url)) },
  },
  server: { hmr: { path: '/__vite_hmr' } },
  build: { sourcemap: false },
  ssr: {
    // PGlite ships its own wasm and data files; it must stay an external package.
    external: ['@electric-sql/pglite', 'pg', 'pino', 'bcryptjs', 'ws'],
  },
});
