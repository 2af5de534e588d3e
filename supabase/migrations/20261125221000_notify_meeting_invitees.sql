-- Meetings tell their invitees in the inbox (review_notifications): invitation, changed time or
-- place, cancellation, and a reminder a day before (written by the scheduler). The scheduler e-mails
-- them, with the .ics, when SMTP is configured. Only triggers and the scheduler write them.

-- ───────────────────────────── meeting notifications ─────────────────────────────
alter table public.review_notifications drop constraint review_notifications_kind_check;
alter table public.review_notifications add constraint review_notifications_kind_check
  check (kind in ('mention', 'reply', 'signature_stale',
                  'meeting_invitation', 'meeting_changed', 'meeting_cancelled', 'meeting_reminder'));

-- No foreign key on meeting_id: a cancellation outlives its meeting, so it keeps the title and time.
alter table public.review_notifications
  add column meeting_id uuid,
  add column meeting_title text check (char_length(meeting_title) <= 200),
  add column meeting_starts_at timestamptz,
  add column meeting_ends_at timestamptz,
  add column meeting_sequence integer check (meeting_sequence >= 0),
  add constraint review_notifications_meeting_complete
    check ((left(kind, 8) = 'meeting_')
           = (meeting_id is not null and meeting_title is not null and meeting_starts_at is not null)),
  -- A cancellation keeps what a calendar needs to remove the meeting: its end and the iCalendar
  -- SEQUENCE the METHOD:CANCEL carries (one above the meeting's last). The UID derives from meeting_id.
  add constraint review_notifications_cancellation_event
    check (kind <> 'meeting_cancelled' or (meeting_ends_at is not null and meeting_sequence is not null));
comment on column public.review_notifications.meeting_id is 'The meeting a meeting_* notification is about; kept after the meeting is deleted (cancellations).';
comment on column public.review_notifications.meeting_title is 'The meeting''s title when the notification was written.';
comment on column public.review_notifications.meeting_ends_at is 'For a cancellation: the meeting''s end when it was cancelled.';
comment on column public.review_notifications.meeting_sequence is 'For a cancellation: the iCalendar SEQUENCE of its METHOD:CANCEL, one above the meeting''s last.';
comment on column public.review_notifications.meeting_starts_at is 'The meeting''s start when the notification was written; a reminder is sent once per invitee and start.';
comment on table public.review_notifications is 'In-app notifications (mentions, replies, signatures needing renewal, meeting invitations, changes, cancellations and reminders); written by triggers and the scheduler, read and marked read by their recipient.';
create index review_notifications_meeting_idx on public.review_notifications (meeting_id);
create unique index review_notifications_one_reminder_idx
  on public.review_notifications (user_id, meeting_id, meeting_starts_at) where kind = 'meeting_reminder';

-- One notice per invitee, kind and transaction; never to whoever caused it, nor to inactive accounts.
create or replace function app_private.notify_meeting_invitees(
  target uuid, target_kind text, target_title text, target_starts_at timestamptz,
  target_user uuid default null, invited_before timestamptz default 'infinity',
  target_ends_at timestamptz default null, target_sequence integer default null
) returns void
language sql security definer set search_path = ''
as $$
  insert into public.review_notifications
    (user_id, kind, meeting_id, meeting_title, meeting_starts_at, meeting_ends_at, meeting_sequence, actor_id)
  select i.user_id, target_kind, target, target_title, target_starts_at, target_ends_at, target_sequence,
         (select auth.uid())
    from public.meeting_invitees i
    join public.profiles p on p.profile_id = i.user_id and p.is_active
   where i.meeting_id = target
     and (target_user is null or i.user_id = target_user)
     and i.created_at < invited_before
     and i.user_id is distinct from (select auth.uid())
     and not exists (
       select 1 from public.review_notifications n
        where n.user_id = i.user_id and n.meeting_id = target
          and n.kind = target_kind and n.created_at = now())
$$;
comment on function app_private.notify_meeting_invitees(uuid, text, text, timestamptz, uuid, timestamptz, timestamptz, integer) is 'Writes a meeting notification for its invitees (or one of them), as the triggers below decide; a cancellation also keeps the meeting''s end and its CANCEL sequence.';
revoke all on function app_private.notify_meeting_invitees(uuid, text, text, timestamptz, uuid, timestamptz, timestamptz, integer)
  from public, anon, authenticated;

-- Invited to a meeting still ahead.
create or replace function app_private.notify_meeting_invitation() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform app_private.notify_meeting_invitees(m.meeting_id, 'meeting_invitation', m.title, m.starts_at, new.user_id)
     from public.meetings m
    where m.meeting_id = new.meeting_id and m.ends_at > now();
  return null;
end
$$;
revoke all on function app_private.notify_meeting_invitation() from public, anon, authenticated;
create trigger meeting_invitees_notify after insert on public.meeting_invitees
  for each row execute function app_private.notify_meeting_invitation();

-- Time or place changed: at commit, so the invitation list is final. Who was invited in the same
-- transaction (created_at = now()) gets the invitation instead.
create or replace function app_private.notify_meeting_changed() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform app_private.notify_meeting_invitees(m.meeting_id, 'meeting_changed', m.title, m.starts_at, null, now())
     from public.meetings m
    where m.meeting_id = new.meeting_id and m.ends_at > now();
  return null;
end
$$;
revoke all on function app_private.notify_meeting_changed() from public, anon, authenticated;
create constraint trigger meetings_notify_changed
  after update of starts_at, ends_at, location, video_url on public.meetings
  deferrable initially deferred
  for each row
  when ((new.starts_at, new.ends_at, new.location, new.video_url)
        is distinct from (old.starts_at, old.ends_at, old.location, old.video_url))
  execute function app_private.notify_meeting_changed();

-- Cancelled: before the row goes, while its invitation list still exists.
create or replace function app_private.notify_meeting_cancelled() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.ends_at > now() then
    perform app_private.notify_meeting_invitees(
      old.meeting_id, 'meeting_cancelled', old.title, old.starts_at,
      target_ends_at => old.ends_at, target_sequence => old.sequence + 1);
  end if;
  return old;
end
$$;
revoke all on function app_private.notify_meeting_cancelled() from public, anon, authenticated;
create trigger meetings_notify_cancelled before delete on public.meetings
  for each row execute function app_private.notify_meeting_cancelled();
