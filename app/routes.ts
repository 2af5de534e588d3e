import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  index('routes/overview.tsx'),
  route('anmelden', 'routes/sign-in.tsx'),
  route('abmelden', 'routes/sign-out.tsx'),
  route('sprache', 'routes/language.tsx'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
