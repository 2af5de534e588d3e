import { type RouteConfigEntry } from '@react-router/dev/routes';

/** Pages of tracking and reporting: milestones, indicators, check-ins, dashboard, exports. */
export const trackingRoutes: RouteConfigEntry[] = [];
