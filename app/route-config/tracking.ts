import { route, type RouteConfigEntry } from '@react-router/dev/routes';

/** Pages of tracking and reporting: milestones, indicators, check-ins, dashboard, exports. */
export const trackingRoutes: RouteConfigEntry[] = [
  route('massnahmen/:measureId/umsetzung', 'routes/tracking/measure-tracking.tsx'),
  route('umsetzung', 'routes/tracking/dashboard.tsx'),
  route('aufgaben', 'routes/tracking/tasks.tsx'),
  route('check-ins/:checkInId', 'routes/tracking/check-in.tsx'),
  route('berichte/masterplan', 'routes/tracking/masterplan-print.tsx'),
  route('berichte/:file', 'routes/tracking/exports.ts'),
  route('masterplan', 'routes/tracking/public-masterplan.tsx'),
];
