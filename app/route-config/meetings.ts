import { route, type RouteConfigEntry } from '@react-router/dev/routes';

/** Pages of Kleingruppen meetings and the joint declaration: agenda, minutes, decisions, Fahrplan. */
export const meetingRoutes: RouteConfigEntry[] = [
  route('sitzungen', 'routes/meetings/meetings.tsx'),
  route('sitzungen/neu', 'routes/meetings/meeting-new.tsx', { id: 'meetings/plenary-new' }),
  route('kleingruppen/:groupId/sitzungen', 'routes/meetings/group-meetings.tsx'),
  route('kleingruppen/:groupId/sitzungen/neu', 'routes/meetings/meeting-new.tsx', {
    id: 'meetings/group-new',
  }),
  route('sitzungen/:meetingId', 'routes/meetings/meeting.tsx'),
  route('sitzungen/:meetingId/bearbeiten', 'routes/meetings/meeting-edit.tsx'),
  route('sitzungen/:meetingId/sitzung.ics', 'routes/meetings/meeting-ics.ts'),
  route('sitzungen/:meetingId/anlagen', 'routes/meetings/attachment-upload.tsx'),
  route('sitzungen/:meetingId/anlagen/:attachmentId', 'routes/meetings/attachment.ts'),
  route('kalender/:file', 'routes/meetings/calendar-feed.ts'),
  route('massnahmen/:measureId/beschluesse', 'routes/meetings/measure-decisions.ts'),
  route('erklaerungen', 'routes/meetings/declarations.tsx'),
  route('erklaerungen/neu', 'routes/meetings/declaration-form.tsx', { id: 'declarations/new' }),
  route('erklaerungen/vergleich', 'routes/meetings/declaration-compare.tsx'),
  route('erklaerungen/:declarationId', 'routes/meetings/declaration.tsx'),
  route('erklaerungen/:declarationId/bearbeiten', 'routes/meetings/declaration-form.tsx', {
    id: 'declarations/edit',
  }),
  route('erklaerungen/:declarationId/druck', 'routes/meetings/declaration-print.tsx'),
  route('erklaerungen/:declarationId/erklaerung.docx', 'routes/meetings/declaration-docx.ts'),
  route('fahrplan', 'routes/meetings/roadmap.tsx'),
];
