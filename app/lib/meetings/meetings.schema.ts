import { z } from 'zod';
import type { FieldErrors } from '../errors';
import type { MessageKey } from '../i18n/messages';
import { hasPairedAnchors, PAIRED_ANCHORS, PASSAGE_FIELDS } from '../review/passage.schema';

export const MINUTES_STATUSES = ['draft', 'approval', 'approved'] as const;
export const DECISION_OUTCOMES = ['accepted', 'rejected', 'deferred'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Attachments: at most this many bytes (the database checks the same bound). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_AGENDA_ITEMS = 50;

const asArray = (value: unknown) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const emptyToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;

export const MeetingIdSchema = z.uuid();

/** `datetime-local` input value (Europe/Berlin wall time), e.g. 2026-12-03T14:00. */
const LocalDateTime = z
  .string({ error: 'meetings.error.dateTime' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'meetings.error.dateTime');

export const AgendaItemSchema = z.object({
  title: z
    .string({ error: 'meetings.error.agendaTitle' })
    .trim()
    .min(2, 'meetings.error.agendaTitle')
    .max(200, 'meetings.error.agendaTitle'),
  durationMinutes: z.coerce
    .number({ error: 'meetings.error.duration' })
    .int('meetings.error.duration')
    .min(1, 'meetings.error.duration')
    .max(480, 'meetings.error.duration'),
  measureIds: z
    .array(z.uuid({ error: 'meetings.error.measure' }))
    .max(20)
    .default([]),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

interface AgendaFields {
  agendaTitle?: unknown;
  agendaDuration?: unknown;
  agendaMeasure?: unknown;
}

/** One agenda row of the form, or null when the row was left empty. */
function parseAgendaRow(form: AgendaFields, row: number) {
  const at = (value: unknown, index: number) =>
    Array.isArray(value) && typeof value[index] === 'string' ? (value[index] as string) : '';
  const rawTitle = at(form.agendaTitle, row);
  const rawDuration = at(form.agendaDuration, row);
  if (rawTitle.trim() === '' && rawDuration.trim() === '') return null;
  const measureIds = (Array.isArray(form.agendaMeasure) ? form.agendaMeasure : [])
    .filter((value): value is string => typeof value === 'string' && value.startsWith(`${row}:`))
    .map((value) => value.slice(String(row).length + 1))
    .filter((value) => value !== '');
  return AgendaItemSchema.safeParse({ title: rawTitle, durationMinutes: rawDuration, measureIds });
}

/**
 * The meeting form. Agenda rows arrive as parallel repeated fields (agendaTitle, agendaDuration,
 * agendaMeasure = "<row>:<measureId>"); empty rows are dropped, order is the form's order.
 */
export const MeetingFormSchema = z
  .object({
    title: z
      .string({ error: 'meetings.error.title' })
      .trim()
      .min(3, 'meetings.error.title')
      .max(200, 'meetings.error.title'),
    description: z.string().trim().max(4000, 'meetings.error.description').default(''),
    startsAt: LocalDateTime,
    endsAt: LocalDateTime,
    location: z.string().trim().max(300, 'meetings.error.location').default(''),
    videoUrl: z.preprocess(
      emptyToNull,
      z
        .string()
        .trim()
        .regex(/^https:\/\/\S+$/, 'meetings.error.videoUrl')
        .max(500, 'meetings.error.videoUrl')
        .nullable(),
    ),
    approvalDays: z.coerce
      .number({ error: 'meetings.error.approvalDays' })
      .int('meetings.error.approvalDays')
      .min(1, 'meetings.error.approvalDays')
      .max(60, 'meetings.error.approvalDays')
      .default(7),
    invitees: z.preprocess(asArray, z.array(z.uuid({ error: 'meetings.error.invitee' })).max(200)),
    agendaTitle: z.preprocess(asArray, z.array(z.string()).max(50, 'meetings.error.agendaCount')),
    agendaDuration: z.preprocess(asArray, z.array(z.string())),
    agendaMeasure: z.preprocess(asArray, z.array(z.string())),
  })
  // Rows and dates are checked even when other fields failed, so the form shows every problem at once.
  .superRefine(
    (form, ctx) => {
      const titles = Array.isArray(form.agendaTitle) ? form.agendaTitle : [];
      titles.forEach((rawTitle, row) => {
        const result = parseAgendaRow(form, row);
        if (result && !result.success)
          for (const issue of result.error.issues)
            ctx.addIssue({
              code: 'custom',
              path: [`agenda-${row}-${String(issue.path[0])}`],
              message: issue.message,
            });
      });
      if (
        typeof form.startsAt === 'string' &&
        typeof form.endsAt === 'string' &&
        form.endsAt <= form.startsAt
      )
        ctx.addIssue({
          code: 'custom',
          path: ['endsAt'],
          message: 'meetings.error.endsBeforeStart',
        });
    },
    { when: () => true },
  )
  .transform((form) => {
    const agenda: AgendaItem[] = [];
    form.agendaTitle.forEach((_, row) => {
      const result = parseAgendaRow(form, row);
      if (result?.success) agenda.push(result.data);
    });
    return {
      title: form.title,
      description: form.description,
      startsAt: form.startsAt,
      endsAt: form.endsAt,
      location: form.location,
      videoUrl: form.videoUrl,
      approvalDays: form.approvalDays,
      invitees: [...new Set(form.invitees)],
      agenda,
    };
  });
export type MeetingForm = z.output<typeof MeetingFormSchema>;

export const MinutesStatusSchema = z.object({
  intent: z.literal('minutesStatus'),
  status: z.enum(MINUTES_STATUSES, { error: 'meetings.error.choice' }),
});

export const AttendanceSchema = z.object({
  intent: z.literal('attendance'),
  attended: z.preprocess(asArray, z.array(z.uuid())),
});

const DECISION_FIELDS = {
  outcome: z.enum(DECISION_OUTCOMES, { error: 'meetings.error.choice' }),
  summary: z
    .string({ error: 'meetings.error.summary' })
    .trim()
    .min(3, 'meetings.error.summary')
    .max(2000, 'meetings.error.summary'),
  ...PASSAGE_FIELDS,
};

/** A decision from the meeting page: on a measure as a whole (or a passage, when anchored). */
export const DecisionSchema = z
  .object({
    intent: z.literal('decision'),
    measureId: z.uuid({ error: 'meetings.error.measure' }),
    ...DECISION_FIELDS,
  })
  .refine(hasPairedAnchors, PAIRED_ANCHORS);
export type Decision = z.infer<typeof DecisionSchema>;

/** A decision from the measure page, on the selected passage, in one of the group's open meetings. */
export const MeasureDecisionSchema = z
  .object({ meetingId: z.uuid({ error: 'meetings.error.meeting' }), ...DECISION_FIELDS })
  .refine(hasPairedAnchors, PAIRED_ANCHORS);
export type MeasureDecision = z.infer<typeof MeasureDecisionSchema>;

export const DeleteAttachmentSchema = z.object({
  intent: z.literal('deleteAttachment'),
  attachmentId: z.uuid(),
});

export const DeleteMeetingSchema = z.object({ intent: z.literal('deleteMeeting') });

export const MeetingActionSchema = z.discriminatedUnion('intent', [
  DeleteMeetingSchema,
  MinutesStatusSchema,
  AttendanceSchema,
  DecisionSchema,
  DeleteAttachmentSchema,
]);
export type MeetingAction = z.infer<typeof MeetingActionSchema>;

/** What the measure page's decision action answers (its fetcher reads it). */
export type DecisionResult =
  | { ok: true; decisionId: string }
  | {
      ok: false;
      formError: MessageKey | null;
      formParams: Record<string, string | number>;
      fieldErrors: FieldErrors;
    };
