import { translator } from '../i18n/i18n';
import { cancellationCalendar, eventCalendar } from '../meetings/calendar.server';
import { formatMeetingTime } from '../meetings/meeting-time';
import { formatDate } from '../tracking/dates';
import type { OutgoingMail } from './check-ins.server';
import type { MeetingMail, ReviewMail } from './review-mails.server';
import type { Mailer } from './scheduler.server';

/** What sends a message: a nodemailer transporter (tests pass one that records). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    attachments?: MailAttachment[];
  }): Promise<unknown>;
}

interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

/**
 * An SMTP transport from a URL such as `smtps://user:password@mail.example:465`. nodemailer is
 * loaded and the transporter created on the first send, so a server without mail never loads it.
 */
export function smtpTransport(url: string): MailTransport {
  let transporter: Promise<MailTransport> | undefined;
  return {
    async sendMail(message) {
      transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
        nodemailer.createTransport(url),
      );
      return (await transporter).sendMail(message);
    },
  };
}

/**
 * Check-in e-mails: a request to the lead organisation's people, an escalation to the moderators,
 * in the recipient's language, with a link to the check-in. Sending happens after the scheduler
 * stamped the notification as e-mailed, so a failed send is logged, never repeated.
 */
export function createCheckInMailer(options: {
  transport: MailTransport;
  from: string;
  /** Public origin of the app, for the link (PUBLIC_URL). */
  publicUrl: string;
}): Mailer {
  return async (mail: OutgoingMail) => {
    const t = translator(mail.locale);
    const isRequest = mail.kind === 'check_in.requested';
    const params = {
      code: mail.measureCode,
      title: mail.measureTitle,
      date: formatDate(mail.dueDate, mail.locale),
      link: new URL(`/check-ins/${mail.checkInId}`, options.publicUrl).toString(),
    };
    await options.transport.sendMail({
      from: options.from,
      to: mail.to,
      subject: t(
        isRequest ? 'tracking.mail.requestedSubject' : 'tracking.mail.escalatedSubject',
        params,
      ),
      text: t(isRequest ? 'tracking.mail.requestedBody' : 'tracking.mail.escalatedBody', params),
    });
  };
}

/** The address of a From header such as `Masterplan-Werkstatt <werkstatt@aachen.example>`. */
function mailAddress(from: string): string {
  return /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

/** The meeting mail's .ics: the meeting as it is now, or the CANCEL of a cancelled one. */
function meetingAttachment(
  mail: MeetingMail,
  options: { from: string; publicUrl: string },
): MailAttachment | undefined {
  if (mail.event)
    return {
      filename: 'sitzung.ics',
      content: eventCalendar(
        mail.event,
        new URL(options.publicUrl).origin,
        mailAddress(options.from),
      ),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    };
  if (mail.cancelled)
    return {
      filename: 'sitzung-abgesagt.ics',
      content: cancellationCalendar(mail.cancelled, {
        organizer: mailAddress(options.from),
        attendee: mail.to,
      }),
      contentType: 'text/calendar; charset=utf-8; method=CANCEL',
    };
  return undefined;
}

/**
 * E-mails of the inbox's notifications, in the recipient's language, with a link: about a measure
 * (mention, reply, signature needing renewal) or a meeting (invitation, change, reminder with the
 * meeting's .ics; a cancellation with an .ics that removes it from the calendar).
 */
export function createReviewMailer(options: {
  transport: MailTransport;
  from: string;
  publicUrl: string;
}): (mail: ReviewMail) => Promise<void> {
  return async (mail) => {
    const t = translator(mail.locale);
    const actor = mail.actorName ?? t('review.notifications.someone');
    if ('meetingId' in mail) {
      const when = formatMeetingTime(mail.meetingStartsAt, mail.locale);
      const params = { actor, title: mail.meetingTitle, when };
      const link = new URL(`/sitzungen/${mail.meetingId}`, options.publicUrl).toString();
      const attachment = meetingAttachment(mail, options);
      await options.transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: t(`meetings.mail.${mail.kind}.subject`, params),
        text: [
          t(`meetings.notifications.${mail.kind}`, params),
          mail.event ? link : t('meetings.mail.cancelledNoLink'),
          ...(mail.cancelled ? [t('meetings.mail.cancelledCalendar')] : []),
        ].join('\n\n'),
        attachments: attachment ? [attachment] : undefined,
      });
      return;
    }
    const measure = `${mail.measureCode} ${mail.measureTitle}`;
    const link = new URL(`/massnahmen/${mail.measureId}`, options.publicUrl).toString();
    await options.transport.sendMail({
      from: options.from,
      to: mail.to,
      subject: t(`review.mail.${mail.kind}.subject`, { measure: mail.measureCode }),
      text: `${t(`review.notifications.${mail.kind}`, { actor, measure })}\n\n${link}`,
    });
  };
}
