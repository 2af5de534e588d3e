import { type RouteConfigEntry } from '@react-router/dev/routes';

/** Pages of review and agreement: comments, versions, sign-off. */
export const reviewRoutes: RouteConfigEntry[] = [];
