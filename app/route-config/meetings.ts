import { type RouteConfigEntry } from '@react-router/dev/routes';

/** Pages of Kleingruppen meetings and the joint declaration: agenda, minutes, decisions, Fahrplan. */
export const meetingRoutes: RouteConfigEntry[] = [];
