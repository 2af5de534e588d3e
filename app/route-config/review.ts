import { type RouteConfigEntry, route } from '@react-router/dev/routes';

/** Pages of review and agreement: comments, versions, sign-off, notifications. */
export const reviewRoutes: RouteConfigEntry[] = [
  route('massnahmen/:measureId/kommentare', 'routes/review/comments.tsx'),
  route('massnahmen/:measureId/live', 'routes/review/measure-events.tsx'),
  route('massnahmen/:measureId/mitzeichnung', 'routes/review/sign.tsx'),
  route('massnahmen/:measureId/versionen', 'routes/review/versions.tsx'),
  route('massnahmen/:measureId/versionen/:versionId', 'routes/review/version.tsx'),
  route('massnahmen/:measureId/vergleich', 'routes/review/compare.tsx'),
  route('mitzeichnung', 'routes/review/signoff-board.tsx'),
  route('benachrichtigungen', 'routes/review/notifications.tsx'),
];
