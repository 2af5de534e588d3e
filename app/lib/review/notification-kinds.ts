/** The kinds of inbox notification (review_notifications.kind): about a measure or a meeting. */
export const MEASURE_NOTIFICATION_KINDS = ['mention', 'reply', 'signature_stale'] as const;
export const MEETING_NOTIFICATION_KINDS = [
  'meeting_invitation',
  'meeting_changed',
  'meeting_cancelled',
  'meeting_reminder',
] as const;
export type MeasureNotificationKind = (typeof MEASURE_NOTIFICATION_KINDS)[number];
export type MeetingNotificationKind = (typeof MEETING_NOTIFICATION_KINDS)[number];

export const isMeetingNotificationKind = (kind: string): kind is MeetingNotificationKind =>
  (MEETING_NOTIFICATION_KINDS as readonly string[]).includes(kind);
