import { type RouteConfig, index, route } from '@react-router/dev/routes';
import { meetingRoutes } from './route-config/meetings';
import { reviewRoutes } from './route-config/review';
import { trackingRoutes } from './route-config/tracking';

export default [
  index('routes/overview.tsx'),
  route('anmelden', 'routes/sign-in.tsx'),
  route('abmelden', 'routes/sign-out.tsx'),
  route('sprache', 'routes/language.tsx'),
  route('massnahmen/neu', 'routes/measure-new.tsx'),
  route('massnahmen/:measureId', 'routes/measure.tsx'),
  route('kleingruppen', 'routes/groups.tsx'),
  route('kleingruppen/:groupId', 'routes/group.tsx'),
  route('einladung/:token', 'routes/invitation.tsx'),
  route('verwaltung', 'routes/admin.tsx'),
  route('verwaltung/organisationen', 'routes/admin-organizations.tsx'),
  route('verwaltung/netzwerke', 'routes/admin-networks.tsx'),
  route('verwaltung/konten', 'routes/admin-accounts.tsx'),
  ...reviewRoutes,
  ...trackingRoutes,
  ...meetingRoutes,
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
