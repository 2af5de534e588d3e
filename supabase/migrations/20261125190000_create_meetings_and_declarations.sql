-- Kleingruppen meetings (agenda, invitees and attendance, attachments in Postgres, minutes lifecycle,
-- decisions that store a named measure version), calendar feed tokens, and the joint declaration
-- (compiled from measures, frozen onto versions, signed by organisations). RLS is the authority:
-- a meeting is read by its group (or everyone signed in, for plenary events) and its invitees.

-- ───────────────────────────── meetings ─────────────────────────────
create table public.meetings (
  meeting_id uuid primary key default gen_random_uuid(),
  working_group_id uuid references public.working_groups (working_group_id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 3 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  location text not null default '' check (char_length(location) <= 300),
  video_url text check (video_url is null or video_url ~ '^https://'),
  minutes_status text not null default 'draft' check (minutes_status in ('draft', 'approval', 'approved')),
  approval_days smallint not null default 7 check (approval_days between 1 and 60),
  approval_ends_at timestamptz,
  minutes_text text not null default '' check (char_length(minutes_text) <= 100000),
  minutes_approved_at timestamptz,
  sequence integer not null default 0,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint meetings_times_ordered check (ends_at > starts_at),
  constraint meetings_approval_has_end check (minutes_status = 'draft' or approval_ends_at is not null)
);
comment on table public.meetings is 'Sitzungen of a Kleingruppe, or plenary Industriedialog events (working_group_id null). Minutes lifecycle: draft (live editing) → approval (attendees only, until approval_ends_at) → approved (locked).';
comment on column public.meetings.minutes_text is 'Plain-text minutes until the co-edited document (minutes:<meeting_id>) replaces it.';
comment on column public.meetings.sequence is 'iCalendar SEQUENCE: incremented whenever time, place or title change.';
create index meetings_working_group_idx on public.meetings (working_group_id, starts_at);
create index meetings_starts_at_idx on public.meetings (starts_at);
create index meetings_created_by_idx on public.meetings (created_by);

create table public.meeting_invitees (
  meeting_id uuid not null references public.meetings (meeting_id) on delete cascade,
  user_id uuid not null references public.profiles (profile_id) on delete cascade,
  attended boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (meeting_id, user_id)
);
comment on table public.meeting_invitees is 'Who is invited to a meeting and whether they attended; attendees amend the minutes during approval.';
create index meeting_invitees_user_idx on public.meeting_invitees (user_id);

-- Helpers: security definer so policies on these tables ask without recursing.
create or replace function app_private.can_manage_meeting_group(group_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select app_private.is_admin() or (group_id is not null and app_private.is_group_moderator(group_id))
$$;
comment on function app_private.can_manage_meeting_group(uuid) is 'Admins manage every meeting, moderators their group''s; plenary events (null group) are the admins''.';

create or replace function app_private.can_manage_meeting(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.meetings m
                  where m.meeting_id = target and app_private.can_manage_meeting_group(m.working_group_id))
$$;
comment on function app_private.can_manage_meeting(uuid) is 'True when the signed-in user may change the meeting, its agenda, invitees and minutes status.';

create or replace function app_private.can_read_meeting(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select app_private.current_platform_role() is not null and exists (
    select 1 from public.meetings m
     where m.meeting_id = target
       and (m.working_group_id is null
            or app_private.is_admin()
            or m.working_group_id in (select app_private.my_group_ids())
            or exists (select 1 from public.meeting_invitees i
                        where i.meeting_id = m.meeting_id and i.user_id = (select auth.uid()))))
$$;
comment on function app_private.can_read_meeting(uuid) is 'True when the signed-in user sees the meeting: plenary events everyone signed in; group meetings the group, admins and invitees.';

-- The minutes rule the collab server asks too: draft → the group (or invitees); approval → attendees
-- until the window ends; approved → nobody.
create or replace function app_private.can_amend_minutes(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.meetings m
     where m.meeting_id = target
       and app_private.current_platform_role() in ('admin', 'member')
       and case m.minutes_status
             when 'draft' then app_private.can_manage_meeting_group(m.working_group_id)
                               or m.working_group_id in (select app_private.my_group_ids())
                               or exists (select 1 from public.meeting_invitees i
                                           where i.meeting_id = m.meeting_id and i.user_id = (select auth.uid()))
             when 'approval' then now() < m.approval_ends_at and exists (
                               select 1 from public.meeting_invitees i
                                where i.meeting_id = m.meeting_id and i.user_id = (select auth.uid()) and i.attended)
             else false
           end)
$$;
comment on function app_private.can_amend_minutes(uuid) is 'True when the signed-in user may change the minutes now: during draft the group and invitees, during approval only attendees until approval_ends_at, never once approved.';

revoke all on function app_private.can_manage_meeting_group(uuid), app_private.can_manage_meeting(uuid),
  app_private.can_read_meeting(uuid), app_private.can_amend_minutes(uuid) from public, anon;
grant execute on function app_private.can_manage_meeting_group(uuid), app_private.can_manage_meeting(uuid),
  app_private.can_read_meeting(uuid), app_private.can_amend_minutes(uuid) to authenticated, service_role;

-- What RLS cannot say: who changes which columns, the minutes lifecycle, the iCalendar sequence.
create or replace function app_private.guard_meeting() returns trigger
language plpgsql set search_path = ''
as $$
declare
  is_api_user boolean := current_user = 'authenticated';
  is_manager boolean;
begin
  if tg_op = 'INSERT' then
    if is_api_user then
      new.created_by := (select auth.uid());
    end if;
    new.minutes_status := 'draft';
    new.approval_ends_at := null;
    new.minutes_approved_at := null;
    new.sequence := 0;
    return new;
  end if;
  if new.meeting_id <> old.meeting_id or new.created_by is distinct from old.created_by
     or new.created_at <> old.created_at or new.working_group_id is distinct from old.working_group_id then
    raise exception 'meeting id, group, author and creation time are immutable' using errcode = '42501';
  end if;
  if old.minutes_status = 'approved' and new.minutes_text is distinct from old.minutes_text then
    raise exception 'approved minutes are locked' using errcode = '42501', constraint = 'meetings_minutes_locked';
  end if;
  if is_api_user then
    is_manager := app_private.can_manage_meeting_group(old.working_group_id);
    if new.minutes_text is distinct from old.minutes_text and not app_private.can_amend_minutes(old.meeting_id) then
      raise exception 'the minutes may not be changed now' using errcode = '42501', constraint = 'meetings_minutes_amend';
    end if;
    if not is_manager and (to_jsonb(new) - array['minutes_text', 'updated_at']) <> (to_jsonb(old) - array['minutes_text', 'updated_at']) then
      raise exception 'only moderators and admins change a meeting' using errcode = '42501';
    end if;
  end if;
  if new.minutes_status is distinct from old.minutes_status then
    if (old.minutes_status, new.minutes_status) not in (('draft', 'approval'), ('approval', 'approved'), ('approval', 'draft')) then
      raise exception 'minutes status % -> % not allowed', old.minutes_status, new.minutes_status
        using errcode = '42501', constraint = 'meetings_minutes_transition';
    end if;
    new.approval_ends_at := case new.minutes_status
      when 'approval' then now() + make_interval(days => new.approval_days)
      when 'approved' then old.approval_ends_at
      else null end;
    new.minutes_approved_at := case when new.minutes_status = 'approved' then now() end;
  elsif is_api_user then
    new.approval_ends_at := old.approval_ends_at;
    new.minutes_approved_at := old.minutes_approved_at;
  end if;
  if (new.title, new.starts_at, new.ends_at, new.location, new.video_url, new.description)
     is distinct from (old.title, old.starts_at, old.ends_at, old.location, old.video_url, old.description) then
    new.sequence := old.sequence + 1;
  else
    new.sequence := old.sequence;
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger meetings_guard before insert or update on public.meetings
  for each row execute function app_private.guard_meeting();

alter table public.meetings enable row level security;
-- The same rule as can_read_meeting, on the row's own columns: an insert … returning checks the
-- new row, which a lookup by id would not see yet.
create policy "the group, invitees and admins read meetings; everyone plenary events" on public.meetings
  for select to authenticated
  using ((select app_private.current_platform_role()) is not null
         and (working_group_id is null
              or (select app_private.is_admin())
              or working_group_id in (select app_private.my_group_ids())
              or exists (select 1 from public.meeting_invitees i
                          where i.meeting_id = meetings.meeting_id and i.user_id = (select auth.uid()))));
create policy "moderators and admins schedule meetings" on public.meetings
  for insert to authenticated with check ((select app_private.can_manage_meeting_group(working_group_id)));
create policy "moderators and admins change meetings, minute-takers the minutes" on public.meetings
  for update to authenticated
  using ((select app_private.can_manage_meeting_group(working_group_id)) or (select app_private.can_amend_minutes(meeting_id)))
  with check ((select app_private.can_manage_meeting_group(working_group_id)) or (select app_private.can_amend_minutes(meeting_id)));
create policy "moderators and admins cancel meetings" on public.meetings
  for delete to authenticated using ((select app_private.can_manage_meeting_group(working_group_id)));

-- Invitees of a group meeting are its members; plenary events invite anyone active.
create or replace function app_private.guard_meeting_invitee() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  group_id uuid := (select m.working_group_id from public.meetings m where m.meeting_id = new.meeting_id);
begin
  if tg_op = 'UPDATE' and (new.meeting_id <> old.meeting_id or new.user_id <> old.user_id) then
    raise exception 'an invitation changes only its attendance' using errcode = '42501';
  end if;
  if group_id is not null and not exists (
       select 1 from public.working_group_members wm where wm.working_group_id = group_id and wm.user_id = new.user_id) then
    raise exception 'invitees of a group meeting are members of the group'
      using errcode = 'check_violation', constraint = 'meeting_invitees_group_members';
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_meeting_invitee() from public, anon, authenticated;
create trigger meeting_invitees_guard before insert or update on public.meeting_invitees
  for each row execute function app_private.guard_meeting_invitee();

alter table public.meeting_invitees enable row level security;
create policy "readers of a meeting see its invitees" on public.meeting_invitees
  for select to authenticated using ((select app_private.can_read_meeting(meeting_id)));
create policy "managers of a meeting invite" on public.meeting_invitees
  for insert to authenticated with check ((select app_private.can_manage_meeting(meeting_id)));
create policy "managers of a meeting record attendance" on public.meeting_invitees
  for update to authenticated
  using ((select app_private.can_manage_meeting(meeting_id)))
  with check ((select app_private.can_manage_meeting(meeting_id)));
create policy "managers of a meeting withdraw invitations" on public.meeting_invitees
  for delete to authenticated using ((select app_private.can_manage_meeting(meeting_id)));

-- ───────────────────────────── agenda ─────────────────────────────
create table public.meeting_agenda_items (
  agenda_item_id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (meeting_id) on delete cascade,
  position smallint not null check (position between 1 and 50),
  title text not null check (char_length(btrim(title)) between 2 and 200),
  duration_minutes smallint not null check (duration_minutes between 1 and 480),
  notes text not null default '' check (char_length(notes) <= 2000),
  constraint meeting_agenda_items_position_key unique (meeting_id, position) deferrable initially deferred
);
comment on table public.meeting_agenda_items is 'Tagesordnungspunkte of a meeting, in order, each with a planned duration.';

create table public.meeting_agenda_measures (
  agenda_item_id uuid not null references public.meeting_agenda_items (agenda_item_id) on delete cascade,
  meeting_id uuid not null references public.meetings (meeting_id) on delete cascade,
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  primary key (agenda_item_id, measure_id)
);
comment on table public.meeting_agenda_measures is 'Measures an agenda item deals with; whoever cannot read a measure does not see the link.';
create index meeting_agenda_measures_meeting_idx on public.meeting_agenda_measures (meeting_id);
create index meeting_agenda_measures_measure_idx on public.meeting_agenda_measures (measure_id);

create or replace function app_private.guard_agenda_measure() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if (select a.meeting_id from public.meeting_agenda_items a where a.agenda_item_id = new.agenda_item_id) is distinct from new.meeting_id then
    raise exception 'the agenda item belongs to another meeting' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger meeting_agenda_measures_guard before insert or update on public.meeting_agenda_measures
  for each row execute function app_private.guard_agenda_measure();

alter table public.meeting_agenda_items enable row level security;
create policy "readers of a meeting see its agenda" on public.meeting_agenda_items
  for select to authenticated using ((select app_private.can_read_meeting(meeting_id)));
create policy "managers of a meeting add agenda items" on public.meeting_agenda_items
  for insert to authenticated with check ((select app_private.can_manage_meeting(meeting_id)));
create policy "managers of a meeting change agenda items" on public.meeting_agenda_items
  for update to authenticated
  using ((select app_private.can_manage_meeting(meeting_id)))
  with check ((select app_private.can_manage_meeting(meeting_id)));
create policy "managers of a meeting remove agenda items" on public.meeting_agenda_items
  for delete to authenticated using ((select app_private.can_manage_meeting(meeting_id)));

alter table public.meeting_agenda_measures enable row level security;
create policy "readers of a meeting and the measure see the link" on public.meeting_agenda_measures
  for select to authenticated
  using ((select app_private.can_read_meeting(meeting_id))
         and exists (select 1 from public.measures m where m.measure_id = meeting_agenda_measures.measure_id));
create policy "managers link measures they can read" on public.meeting_agenda_measures
  for insert to authenticated
  with check ((select app_private.can_manage_meeting(meeting_id))
              and exists (select 1 from public.measures m where m.measure_id = meeting_agenda_measures.measure_id));
create policy "managers of a meeting change links" on public.meeting_agenda_measures
  for update to authenticated
  using ((select app_private.can_manage_meeting(meeting_id)))
  with check ((select app_private.can_manage_meeting(meeting_id))
              and exists (select 1 from public.measures m where m.measure_id = meeting_agenda_measures.measure_id));
create policy "managers of a meeting unlink measures" on public.meeting_agenda_measures
  for delete to authenticated using ((select app_private.can_manage_meeting(meeting_id)));

-- ───────────────────────────── attachments ─────────────────────────────
create table public.meeting_attachments (
  attachment_id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (meeting_id) on delete cascade,
  file_name text not null check (char_length(file_name) between 1 and 200 and file_name !~ '[/\\[:cntrl:]]'),
  media_type text not null check (media_type in (
    'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.oasis.opendocument.text', 'image/png', 'image/jpeg')),
  byte_size integer not null check (byte_size between 1 and 10485760),
  sha256 bytea not null check (octet_length(sha256) = 32),
  content bytea not null,
  uploaded_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  constraint meeting_attachments_size_matches check (octet_length(content) = byte_size)
);
comment on table public.meeting_attachments is 'Anlagen of a meeting, stored in Postgres behind the meeting''s access rule. The type is checked by content (magic bytes) before insert; served only as a download.';
create index meeting_attachments_meeting_idx on public.meeting_attachments (meeting_id, created_at);
create index meeting_attachments_uploaded_by_idx on public.meeting_attachments (uploaded_by);
create trigger meeting_attachments_stamp_author before insert or update on public.meeting_attachments
  for each row execute function app_private.stamp_author('uploaded_by');

alter table public.meeting_attachments enable row level security;
create policy "readers of a meeting read its attachments" on public.meeting_attachments
  for select to authenticated using ((select app_private.can_read_meeting(meeting_id)));
create policy "managers and minute-takers attach files" on public.meeting_attachments
  for insert to authenticated
  with check ((select app_private.can_manage_meeting(meeting_id)) or (select app_private.can_amend_minutes(meeting_id)));
-- No update policy: an attachment is replaced by removing and uploading again.
create policy "managers and the uploader remove attachments" on public.meeting_attachments
  for delete to authenticated
  using ((select app_private.can_manage_meeting(meeting_id)) or uploaded_by = (select auth.uid()));

-- ───────────────────────────── decisions ─────────────────────────────
create table public.meeting_decisions (
  decision_id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (meeting_id) on delete cascade,
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  version_id uuid not null references public.measure_versions (version_id) on delete restrict,
  outcome text not null check (outcome in ('accepted', 'rejected', 'deferred')),
  summary text not null check (char_length(btrim(summary)) between 3 and 2000),
  passage text not null default '' check (char_length(passage) <= 500),
  recorded_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  recorded_at timestamptz not null default now()
);
comment on table public.meeting_decisions is 'Beschlüsse: a meeting''s outcome on a measure, with the passage it settles and the measure version stored when it was recorded ("Stand nach Sitzung <Titel>").';
create index meeting_decisions_meeting_idx on public.meeting_decisions (meeting_id, recorded_at);
create index meeting_decisions_measure_idx on public.meeting_decisions (measure_id, recorded_at desc);
create index meeting_decisions_version_idx on public.meeting_decisions (version_id);
create index meeting_decisions_recorded_by_idx on public.meeting_decisions (recorded_by);

create or replace function app_private.guard_meeting_decision() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if (select v.measure_id from public.measure_versions v where v.version_id = new.version_id) is distinct from new.measure_id then
    raise exception 'the version belongs to another measure' using errcode = '42501';
  end if;
  if (select m.minutes_status from public.meetings m where m.meeting_id = new.meeting_id) = 'approved' then
    raise exception 'approved minutes take no more decisions'
      using errcode = '42501', constraint = 'meeting_decisions_minutes_locked';
  end if;
  if (select auth.role()) is not distinct from 'authenticated' then
    new.recorded_by := (select auth.uid());
    new.recorded_at := now();
  end if;
  return new;
end
$$;
revoke all on function app_private.guard_meeting_decision() from public, anon, authenticated;
create trigger meeting_decisions_guard before insert on public.meeting_decisions
  for each row execute function app_private.guard_meeting_decision();

alter table public.meeting_decisions enable row level security;
create policy "readers of the meeting and the measure see decisions" on public.meeting_decisions
  for select to authenticated
  using ((select app_private.can_read_meeting(meeting_id))
         and exists (select 1 from public.measures m where m.measure_id = meeting_decisions.measure_id));
create policy "managers of a meeting record decisions on measures they read" on public.meeting_decisions
  for insert to authenticated
  with check ((select app_private.can_manage_meeting(meeting_id))
              and exists (select 1 from public.measures m where m.measure_id = meeting_decisions.measure_id));
-- No update or delete policies: decisions are the record.

-- ───────────────────────────── calendar feeds ─────────────────────────────
create table public.calendar_feed_tokens (
  feed_token_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (profile_id) on delete cascade default auth.uid(),
  token_hash bytea not null check (octet_length(token_hash) = 32),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint calendar_feed_tokens_token_hash_key unique (token_hash)
);
comment on table public.calendar_feed_tokens is 'Secret per-user calendar feed URLs: only the SHA-256 of the token is stored; a revoked token stops working at once.';
create index calendar_feed_tokens_user_idx on public.calendar_feed_tokens (user_id);
create unique index calendar_feed_tokens_one_active_idx on public.calendar_feed_tokens (user_id) where revoked_at is null;

alter table public.calendar_feed_tokens enable row level security;
create policy "users see their feed tokens" on public.calendar_feed_tokens
  for select to authenticated using (user_id = (select auth.uid()));
create policy "users create their feed tokens" on public.calendar_feed_tokens
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "users revoke their feed tokens" on public.calendar_feed_tokens
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "users delete their feed tokens" on public.calendar_feed_tokens
  for delete to authenticated using (user_id = (select auth.uid()));
revoke update on public.calendar_feed_tokens from authenticated;
grant update (revoked_at) on public.calendar_feed_tokens to authenticated;

-- ───────────────────────────── joint declaration ─────────────────────────────
create table public.declarations (
  declaration_id uuid primary key default gen_random_uuid(),
  title text not null check (char_length(btrim(title)) between 3 and 200),
  preamble text not null default '' check (char_length(preamble) <= 20000),
  commitments text not null default '' check (char_length(commitments) <= 20000),
  status text not null default 'draft' check (status in ('draft', 'frozen')),
  frozen_at timestamptz,
  frozen_by uuid references public.profiles (profile_id) on delete set null,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint declarations_frozen_complete check (status = 'draft' or frozen_at is not null)
);
comment on table public.declarations is 'Gemeinsame Erklärung: compiled by moderators or admins from measures and free text; frozen onto measure versions, then signed by the participating organisations.';
create index declarations_created_by_idx on public.declarations (created_by);
create index declarations_frozen_by_idx on public.declarations (frozen_by);

create table public.declaration_measures (
  declaration_id uuid not null references public.declarations (declaration_id) on delete cascade,
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  position smallint not null check (position between 1 and 500),
  version_id uuid references public.measure_versions (version_id) on delete restrict,
  primary key (declaration_id, measure_id)
);
comment on table public.declaration_measures is 'The measures of a declaration; version_id pins each to the version its frozen text shows (null while draft).';
create index declaration_measures_measure_idx on public.declaration_measures (measure_id);
create index declaration_measures_version_idx on public.declaration_measures (version_id);

create table public.declaration_signatures (
  declaration_id uuid not null references public.declarations (declaration_id) on delete cascade,
  organization_id uuid not null references public.organizations (organization_id) on delete cascade,
  signed_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  signed_at timestamptz not null default now(),
  primary key (declaration_id, organization_id)
);
comment on table public.declaration_signatures is 'An organisation''s signature under a frozen declaration, given by a profile with the signing right for it.';
create index declaration_signatures_organization_idx on public.declaration_signatures (organization_id);
create index declaration_signatures_signed_by_idx on public.declaration_signatures (signed_by);

create or replace function app_private.can_compile_declarations() returns boolean
language sql stable security definer set search_path = ''
as $$
  select app_private.is_admin() or exists (select 1 from app_private.my_moderated_group_ids())
$$;
comment on function app_private.can_compile_declarations() is 'Admins and moderators of any Kleingruppe compile declarations.';

-- Participating: lead or partner of one of the declaration's measures.
create or replace function app_private.can_sign_declaration(target uuid, target_organization uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.declarations d where d.declaration_id = target and d.status = 'frozen')
    and exists (
      select 1 from public.profiles p
       where p.profile_id = (select auth.uid()) and p.is_active and p.can_sign
         and p.platform_role <> 'observer' and p.organization_id = target_organization)
    and exists (
      select 1 from public.declaration_measures dm
        join public.measure_organizations mo on mo.measure_id = dm.measure_id
       where dm.declaration_id = target and mo.organization_id = target_organization
         and mo.role in ('lead', 'partner'))
$$;
comment on function app_private.can_sign_declaration(uuid, uuid) is 'True when the declaration is frozen, the user has the signing right for the organisation, and it carries one of the declared measures.';

revoke all on function app_private.can_compile_declarations(), app_private.can_sign_declaration(uuid, uuid) from public, anon;
grant execute on function app_private.can_compile_declarations(), app_private.can_sign_declaration(uuid, uuid)
  to authenticated, service_role;

create or replace function app_private.guard_declaration() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if current_user = 'authenticated' then
      new.created_by := (select auth.uid());
    end if;
    new.status := 'draft';
    new.frozen_at := null;
    new.frozen_by := null;
    return new;
  end if;
  if old.status = 'frozen' then
    raise exception 'a frozen declaration is never changed' using errcode = '42501', constraint = 'declarations_frozen';
  end if;
  if new.created_by is distinct from old.created_by or new.created_at <> old.created_at then
    raise exception 'author and creation time are immutable' using errcode = '42501';
  end if;
  if new.status = 'frozen' and current_user = 'authenticated' then
    raise exception 'declarations are frozen through freeze_declaration' using errcode = '42501';
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger declarations_guard before insert or update on public.declarations
  for each row execute function app_private.guard_declaration();

-- Pins are written only by freeze_declaration (which marks the transaction while it runs).
create or replace function app_private.guard_declaration_measure() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if (select d.status from public.declarations d
       where d.declaration_id = coalesce(new.declaration_id, old.declaration_id)) = 'frozen' then
    raise exception 'a frozen declaration is never changed' using errcode = '42501', constraint = 'declarations_frozen';
  end if;
  if tg_op <> 'DELETE' and current_setting('app.freezing_declaration', true) is distinct from new.declaration_id::text then
    new.version_id := null;
  end if;
  return coalesce(new, old);
end
$$;
create trigger declaration_measures_guard before insert or update or delete on public.declaration_measures
  for each row execute function app_private.guard_declaration_measure();

-- Freezing pins every measure to a version holding its text as it is now: the latest version when
-- that already has the current text and key data, otherwise a new one named after the declaration.
-- As definer, so a moderator may pin measures of other groups they can read.
create or replace function app_private.freeze_declaration(target uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  d record;
  item record;
  pinned uuid;
begin
  if not app_private.can_compile_declarations() then
    raise exception 'only moderators and admins freeze declarations' using errcode = '42501';
  end if;
  select declaration_id, title, status into d from public.declarations where declaration_id = target for update;
  if not found then
    raise exception 'no such declaration' using errcode = '42501';
  end if;
  if d.status = 'frozen' then
    raise exception 'a frozen declaration is never changed' using errcode = '42501', constraint = 'declarations_frozen';
  end if;
  if not exists (select 1 from public.declaration_measures where declaration_id = target) then
    raise exception 'a declaration needs measures before it is frozen'
      using errcode = 'check_violation', constraint = 'declarations_need_measures';
  end if;
  perform set_config('app.freezing_declaration', target::text, true);
  for item in
    select dm.measure_id, m.content_html, app_private.measure_metadata(m.measure_id) as metadata
      from public.declaration_measures dm join public.measures m on m.measure_id = dm.measure_id
     where dm.declaration_id = target
  loop
    select v.version_id into pinned from public.measure_versions v
     where v.measure_id = item.measure_id
       and v.content_html = item.content_html and v.metadata = item.metadata
     order by v.number desc limit 1;
    if pinned is null then
      insert into public.measure_versions (measure_id, name, kind)
      values (item.measure_id, left('Stand der Erklärung ' || d.title, 120), 'manual')
      returning version_id into pinned;
    end if;
    update public.declaration_measures set version_id = pinned
     where declaration_id = target and measure_id = item.measure_id;
  end loop;
  update public.declarations set status = 'frozen', frozen_at = now(), frozen_by = (select auth.uid())
   where declaration_id = target;
  perform set_config('app.freezing_declaration', '', true);
end
$$;
comment on function app_private.freeze_declaration(uuid) is 'Einfrieren: pins each measure of a draft declaration to a version with its current text and freezes the declaration.';
revoke all on function app_private.freeze_declaration(uuid) from public, anon;
grant execute on function app_private.freeze_declaration(uuid) to authenticated, service_role;

alter table public.declarations enable row level security;
create policy "compilers read every declaration, everyone signed in the frozen ones" on public.declarations
  for select to authenticated
  using ((select app_private.current_platform_role()) is not null
         and (status = 'frozen' or (select app_private.can_compile_declarations())));
create policy "moderators and admins start declarations" on public.declarations
  for insert to authenticated with check ((select app_private.can_compile_declarations()));
create policy "moderators and admins edit draft declarations" on public.declarations
  for update to authenticated
  using ((select app_private.can_compile_declarations()))
  with check ((select app_private.can_compile_declarations()));
create policy "moderators and admins delete draft declarations" on public.declarations
  for delete to authenticated using ((select app_private.can_compile_declarations()) and status = 'draft');

alter table public.declaration_measures enable row level security;
create policy "readers of a declaration see its measures" on public.declaration_measures
  for select to authenticated
  using (exists (select 1 from public.declarations d where d.declaration_id = declaration_measures.declaration_id));
create policy "compilers add measures they can read" on public.declaration_measures
  for insert to authenticated
  with check ((select app_private.can_compile_declarations())
              and exists (select 1 from public.measures m where m.measure_id = declaration_measures.measure_id));
create policy "compilers reorder measures" on public.declaration_measures
  for update to authenticated
  using ((select app_private.can_compile_declarations()))
  with check ((select app_private.can_compile_declarations()));
create policy "compilers remove measures" on public.declaration_measures
  for delete to authenticated using ((select app_private.can_compile_declarations()));

alter table public.declaration_signatures enable row level security;
create policy "readers of a declaration see its signatures" on public.declaration_signatures
  for select to authenticated
  using (exists (select 1 from public.declarations d where d.declaration_id = declaration_signatures.declaration_id));
create policy "signers sign a frozen declaration for their organisation" on public.declaration_signatures
  for insert to authenticated
  with check ((select app_private.can_sign_declaration(declaration_id, organization_id)));
-- No update policy: a signature is given or withdrawn.
create policy "signers withdraw their organisation's signature" on public.declaration_signatures
  for delete to authenticated
  using ((select app_private.can_sign_declaration(declaration_id, organization_id)));

create or replace function app_private.stamp_declaration_signature() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user = 'authenticated' then
    new.signed_by := (select auth.uid());
    new.signed_at := now();
  end if;
  return new;
end
$$;
create trigger declaration_signatures_stamp before insert on public.declaration_signatures
  for each row execute function app_private.stamp_declaration_signature();

revoke all on public.meetings, public.meeting_invitees, public.meeting_agenda_items,
  public.meeting_agenda_measures, public.meeting_attachments, public.meeting_decisions,
  public.calendar_feed_tokens, public.declarations, public.declaration_measures,
  public.declaration_signatures from anon;
