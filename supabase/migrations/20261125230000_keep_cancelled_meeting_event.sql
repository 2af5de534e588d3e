-- A cancellation keeps what a calendar needs to remove the meeting: its end and the iCalendar
-- SEQUENCE the METHOD:CANCEL carries (one above the meeting's last). The UID derives from
-- meeting_id. Cancellations written before this migration have neither and are mailed without .ics.

alter table public.review_notifications
  add column meeting_ends_at timestamptz,
  add column meeting_sequence integer check (meeting_sequence >= 0);
-- Not valid: older cancellations cannot be backfilled, their meeting is gone; new ones are checked.
alter table public.review_notifications
  add constraint review_notifications_cancellation_event
    check (kind <> 'meeting_cancelled' or (meeting_ends_at is not null and meeting_sequence is not null))
    not valid;
comment on column public.review_notifications.meeting_ends_at is 'For a cancellation: the meeting''s end when it was cancelled.';
comment on column public.review_notifications.meeting_sequence is 'For a cancellation: the iCalendar SEQUENCE of its METHOD:CANCEL, one above the meeting''s last.';

-- The writer of meeting notifications learns the two columns (after the existing parameters, so
-- the triggers' calls keep their meaning); the old signature goes, or those calls would be ambiguous.
drop function app_private.notify_meeting_invitees(uuid, text, text, timestamptz, uuid, timestamptz);
create function app_private.notify_meeting_invitees(
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
comment on function app_private.notify_meeting_invitees(uuid, text, text, timestamptz, uuid, timestamptz, timestamptz, integer) is 'Writes a meeting notification for its invitees (or one of them), as the meeting triggers decide; a cancellation also keeps the meeting''s end and its CANCEL sequence.';
revoke all on function app_private.notify_meeting_invitees(uuid, text, text, timestamptz, uuid, timestamptz, timestamptz, integer)
  from public, anon, authenticated;

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
