-- The Masterplan's core: Kleingruppen (working groups) and their members, measures with their
-- carrying organisations and linked networks, invitations, and an activity log filled by triggers.
-- Need-to-know access: drafts stay inside their group until shared (platform) or published (public).

-- ───────────────────────────── working groups ─────────────────────────────
create table public.working_groups (
  working_group_id uuid primary key default gen_random_uuid(),
  theme_id uuid not null references public.themes (theme_id),
  name text not null check (char_length(name) between 3 and 120),
  description text not null default '' check (char_length(description) <= 4000),
  status text not null default 'active' check (status in ('active', 'closed')),
  allow_observer_comments boolean not null default false,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint working_groups_name_key unique (name)
);
comment on table public.working_groups is 'Kleingruppen: small working groups that draft measures, led by moderators.';
create index working_groups_theme_id_idx on public.working_groups (theme_id);

create table public.working_group_members (
  working_group_id uuid not null references public.working_groups (working_group_id) on delete cascade,
  user_id uuid not null references public.profiles (profile_id) on delete cascade,
  role text not null check (role in ('moderator', 'member')),
  added_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  primary key (working_group_id, user_id)
);
comment on table public.working_group_members is 'Who belongs to which Kleingruppe, as moderator or member.';
create index working_group_members_user_id_idx on public.working_group_members (user_id);

-- Group helpers: security definer so policies on these tables can ask without recursing.
create or replace function app_private.my_group_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select m.working_group_id
    from public.working_group_members m
    join public.profiles p on p.profile_id = m.user_id
   where m.user_id = (select auth.uid()) and p.is_active
$$;
comment on function app_private.my_group_ids() is 'Groups the signed-in user belongs to (any role).';

create or replace function app_private.my_moderated_group_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select m.working_group_id
    from public.working_group_members m
    join public.profiles p on p.profile_id = m.user_id
   where m.user_id = (select auth.uid()) and m.role = 'moderator' and p.is_active
$$;
comment on function app_private.my_moderated_group_ids() is 'Groups the signed-in user moderates.';

create or replace function app_private.is_group_moderator(group_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from app_private.my_moderated_group_ids() g where g = group_id)
$$;

revoke all on function app_private.my_group_ids(), app_private.my_moderated_group_ids(),
  app_private.is_group_moderator(uuid) from public;
grant execute on function app_private.my_group_ids(), app_private.my_moderated_group_ids(),
  app_private.is_group_moderator(uuid) to authenticated, service_role;

create trigger working_groups_touch_updated_at before update on public.working_groups
  for each row execute function app_private.touch_updated_at();

-- Observers read; they never join a group (and so never write).
create or replace function app_private.guard_membership() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if exists (select 1 from public.profiles p where p.profile_id = new.user_id and p.platform_role = 'observer') then
    raise exception 'observers cannot join a working group'
      using errcode = 'check_violation', constraint = 'working_group_members_no_observers';
  end if;
  return new;
end
$$;
create trigger working_group_members_guard before insert or update on public.working_group_members
  for each row execute function app_private.guard_membership();

alter table public.working_groups enable row level security;
alter table public.working_group_members enable row level security;

create policy "signed-in users read working groups" on public.working_groups
  for select to authenticated using ((select app_private.current_platform_role()) is not null);
create policy "admins create working groups" on public.working_groups
  for insert to authenticated with check ((select app_private.is_admin()));
create policy "admins and the group's moderators change working groups" on public.working_groups
  for update to authenticated
  using ((select app_private.is_admin()) or working_group_id in (select app_private.my_moderated_group_ids()))
  with check ((select app_private.is_admin()) or working_group_id in (select app_private.my_moderated_group_ids()));
create policy "admins delete working groups" on public.working_groups
  for delete to authenticated using ((select app_private.is_admin()));

create policy "members see their group, everyone sees moderators" on public.working_group_members
  for select to authenticated
  using (
    (select app_private.current_platform_role()) is not null
    and (role = 'moderator' or (select app_private.is_admin())
         or working_group_id in (select app_private.my_group_ids()))
  );
create policy "admins add anyone, moderators add members" on public.working_group_members
  for insert to authenticated
  with check (
    (select app_private.is_admin())
    or (role = 'member' and working_group_id in (select app_private.my_moderated_group_ids()))
  );
create policy "admins change membership roles" on public.working_group_members
  for update to authenticated
  using ((select app_private.is_admin())) with check ((select app_private.is_admin()));
create policy "admins remove anyone, moderators remove members, members leave" on public.working_group_members
  for delete to authenticated
  using (
    (select app_private.is_admin())
    or (role = 'member' and working_group_id in (select app_private.my_moderated_group_ids()))
    or (role = 'member' and user_id = (select auth.uid()))
  );

-- ───────────────────────────── measures ─────────────────────────────
create table public.measures (
  measure_id uuid primary key default gen_random_uuid(),
  theme_id uuid not null references public.themes (theme_id),
  working_group_id uuid references public.working_groups (working_group_id) on delete set null,
  number integer not null,
  code text not null,
  title text not null check (char_length(title) between 3 and 200),
  summary text not null default '' check (char_length(summary) <= 2000),
  kind text not null default 'open' check (kind in ('quick_win', 'flagship', 'masterplan_project', 'open')),
  status text not null default 'idea'
    check (status in ('idea', 'draft', 'consultation', 'agreed', 'in_progress', 'done', 'discarded')),
  discard_reason text check (discard_reason is null or char_length(discard_reason) between 1 and 2000),
  horizon text check (horizon in ('short', 'medium', 'long')),
  start_date date,
  due_date date,
  progress smallint not null default 0 check (progress between 0 and 100),
  visibility text not null default 'group' check (visibility in ('group', 'platform', 'public')),
  new_structure_justification text check (new_structure_justification is null or char_length(new_structure_justification) <= 4000),
  content_html text not null default '',
  content_text text not null default '',
  search_vector tsvector generated always as (
    setweight(to_tsvector('german', title), 'A')
    || setweight(to_tsvector('german', summary), 'B')
    || setweight(to_tsvector('german', left(content_text, 200000)), 'C')
  ) stored,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  constraint measures_code_key unique (code),
  constraint measures_theme_number_key unique (theme_id, number),
  constraint measures_dates_ordered check (due_date is null or start_date is null or due_date >= start_date),
  constraint measures_discard_needs_reason check (status <> 'discarded' or discard_reason is not null)
);
comment on table public.measures is 'Maßnahmen of the Masterplan: one per row, with status, kind, visibility and derived text of the co-edited document.';
comment on column public.measures.version is 'Optimistic locking: incremented by every update; writers send the version they read.';
comment on column public.measures.content_html is 'Sanitised HTML rendered by the collab server from the Yjs document; never client HTML.';
create index measures_theme_id_idx on public.measures (theme_id);
create index measures_working_group_id_idx on public.measures (working_group_id);
create index measures_visibility_idx on public.measures (visibility);
create index measures_status_idx on public.measures (status);
create index measures_search_idx on public.measures using gin (search_vector);

create table app_private.measure_counters (
  theme_id uuid primary key references public.themes (theme_id) on delete cascade,
  last_number integer not null
);
comment on table app_private.measure_counters is 'Last measure number per Themenfeld, for codes like FK-03.';
alter table app_private.measure_counters enable row level security;

-- Codes are per Themenfeld (FK-01, FK-02 …), drawn from a counter row so parallel inserts never collide.
create or replace function app_private.assign_measure_code() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  next_number integer;
  theme_code text;
begin
  if tg_op = 'UPDATE' and new.theme_id = old.theme_id then
    new.number := old.number;
    new.code := old.code;
    return new;
  end if;
  insert into app_private.measure_counters as c (theme_id, last_number) values (new.theme_id, 1)
    on conflict (theme_id) do update set last_number = c.last_number + 1
    returning last_number into next_number;
  select t.code into theme_code from public.themes t where t.theme_id = new.theme_id;
  new.number := next_number;
  -- lpad truncates: widen past 99 so FK-100 never collides with FK-10.
  new.code := theme_code || '-' || lpad(next_number::text, greatest(2, char_length(next_number::text)), '0');
  return new;
end
$$;
create trigger measures_assign_code before insert or update of theme_id, number, code on public.measures
  for each row execute function app_private.assign_measure_code();

-- Who may move a measure from one status to another. Admins: any. Moderators of the measure's
-- group: the members' steps plus agreeing, sending back, starting, finishing and discarding.
create or replace function app_private.may_change_status(from_status text, to_status text, group_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select case
    when app_private.is_admin() then true
    when group_id is null or app_private.current_platform_role() is distinct from 'member' then false
    when group_id not in (select app_private.my_group_ids()) then false
    when (from_status, to_status) in (('idea', 'draft'), ('draft', 'consultation')) then true
    when not app_private.is_group_moderator(group_id) then false
    when to_status = 'discarded' then true
    else (from_status, to_status) in (
      ('consultation', 'agreed'), ('consultation', 'draft'), ('agreed', 'draft'),
      ('agreed', 'in_progress'), ('in_progress', 'done'))
  end
$$;
comment on function app_private.may_change_status(text, text, uuid) is 'The status transition table, asked by the measures guard trigger.';
revoke all on function app_private.may_change_status(text, text, uuid) from public;
grant execute on function app_private.may_change_status(text, text, uuid) to authenticated, service_role;

-- Rules RLS cannot express: immutable columns, status transitions, who publishes, the version counter.
-- Service-role writes (seeding, the collab server's derived text) skip the role checks.
create or replace function app_private.guard_measure() returns trigger
language plpgsql set search_path = ''
as $$
declare
  is_api_user boolean := current_user = 'authenticated';
begin
  if tg_op = 'INSERT' then
    if is_api_user and not app_private.is_admin() then
      if new.status not in ('idea', 'draft') then
        raise exception 'new measures start as idea or draft' using errcode = '42501';
      end if;
      if new.visibility <> 'group' and not app_private.is_group_moderator(new.working_group_id) then
        raise exception 'only moderators share or publish' using errcode = '42501';
      end if;
    end if;
    if is_api_user then
      new.created_by := (select auth.uid());
    end if;
    new.version := 1;
    new.content_html := '';
    new.content_text := '';
    return new;
  end if;

  if new.measure_id is distinct from old.measure_id or new.created_by is distinct from old.created_by
     or new.created_at is distinct from old.created_at then
    raise exception 'measure id, author and creation time are immutable' using errcode = '42501';
  end if;
  if is_api_user then
    if new.content_html is distinct from old.content_html or new.content_text is distinct from old.content_text then
      raise exception 'measure text is written by the collaboration server only' using errcode = '42501';
    end if;
    if new.status is distinct from old.status
       and not app_private.may_change_status(old.status, new.status, old.working_group_id) then
      raise exception 'status transition % -> % not allowed', old.status, new.status
        using errcode = '42501', constraint = 'measures_status_transition';
    end if;
    if new.visibility is distinct from old.visibility
       and not (app_private.is_admin() or app_private.is_group_moderator(old.working_group_id)) then
      raise exception 'only moderators and admins change visibility' using errcode = '42501';
    end if;
    if new.working_group_id is distinct from old.working_group_id
       and not (app_private.is_admin() or app_private.is_group_moderator(old.working_group_id)) then
      raise exception 'only moderators and admins move a measure to another group' using errcode = '42501';
    end if;
  end if;
  if new.status <> 'discarded' then
    new.discard_reason := null;
  end if;
  -- The collab server's derived text is not an edit of the metadata: no version bump, no conflict.
  if (to_jsonb(new) - array['content_html', 'content_text', 'search_vector', 'updated_at', 'version'])
     = (to_jsonb(old) - array['content_html', 'content_text', 'search_vector', 'updated_at', 'version']) then
    return new;
  end if;
  new.version := old.version + 1;
  new.updated_at := now();
  return new;
end
$$;
create trigger measures_guard before insert or update on public.measures
  for each row execute function app_private.guard_measure();

create or replace function app_private.can_write_measure(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.measures m
     where m.measure_id = target
       and (app_private.is_admin()
            or (app_private.current_platform_role() = 'member'
                and m.working_group_id in (select app_private.my_group_ids())))
  )
$$;
comment on function app_private.can_write_measure(uuid) is 'True when the signed-in user may change the measure (admin, or member/moderator of its group).';
revoke all on function app_private.can_write_measure(uuid) from public;
grant execute on function app_private.can_write_measure(uuid) to authenticated, service_role;

alter table public.measures enable row level security;

create policy "readers see shared measures and their groups' drafts" on public.measures
  for select to authenticated
  using (
    (select app_private.current_platform_role()) is not null
    and (visibility <> 'group'
         or (select app_private.is_admin())
         or working_group_id in (select app_private.my_group_ids()))
  );
create policy "visitors see published measures" on public.measures
  for select to anon using (visibility = 'public');
create policy "group members and admins create measures" on public.measures
  for insert to authenticated
  with check (
    (select app_private.is_admin())
    or ((select app_private.current_platform_role()) = 'member'
        and working_group_id in (select app_private.my_group_ids()))
  );
create policy "group members and admins change measures" on public.measures
  for update to authenticated
  using (
    (select app_private.is_admin())
    or ((select app_private.current_platform_role()) = 'member'
        and working_group_id in (select app_private.my_group_ids()))
  )
  with check (
    (select app_private.is_admin())
    or ((select app_private.current_platform_role()) = 'member'
        and working_group_id in (select app_private.my_group_ids()))
  );
create policy "admins delete measures" on public.measures
  for delete to authenticated using ((select app_private.is_admin()));

-- Lets pages tell "no such measure" (404) from "not yours to see" (403) without revealing content.
create or replace function app_private.measure_exists(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.measures m where m.measure_id = target)
$$;
revoke all on function app_private.measure_exists(uuid) from public;
grant execute on function app_private.measure_exists(uuid) to anon, authenticated, service_role;

-- Signed-out visitors get the published fields only.
revoke all on public.measures from anon;
grant select (measure_id, theme_id, number, code, title, summary, kind, status, horizon, start_date,
              due_date, progress, visibility, content_html, content_text, search_vector, updated_at)
  on public.measures to anon;

-- ───────────────────────────── organisations on measures ─────────────────────────────
create table public.measure_organizations (
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  organization_id uuid not null references public.organizations (organization_id) on delete cascade,
  role text not null check (role in ('lead', 'partner', 'consulted')),
  created_at timestamptz not null default now(),
  primary key (measure_id, organization_id)
);
comment on table public.measure_organizations is 'Which actors carry a measure: one lead (required from agreed on), partners, consulted.';
create index measure_organizations_organization_id_idx on public.measure_organizations (organization_id);
create unique index measure_organizations_one_lead_idx on public.measure_organizations (measure_id) where role = 'lead';

-- The lead of an agreed (or later) measure is changed only by the group's moderators or admins.
create or replace function app_private.guard_measure_lead() returns trigger
language plpgsql set search_path = ''
as $$
declare
  target uuid := coalesce(new.measure_id, old.measure_id);
  measure_status text;
  group_id uuid;
  touches_lead boolean :=
    (tg_op in ('INSERT', 'UPDATE') and new.role = 'lead') or (tg_op in ('DELETE', 'UPDATE') and old.role = 'lead');
begin
  if current_user = 'authenticated' and touches_lead then
    select m.status, m.working_group_id into measure_status, group_id from public.measures m where m.measure_id = target;
    if measure_status in ('agreed', 'in_progress', 'done')
       and not (app_private.is_admin() or app_private.is_group_moderator(group_id)) then
      raise exception 'the lead of an agreed measure is changed by its moderators only' using errcode = '42501';
    end if;
  end if;
  return coalesce(new, old);
end
$$;
create trigger measure_organizations_guard_lead before insert or update or delete on public.measure_organizations
  for each row execute function app_private.guard_measure_lead();

alter table public.measure_organizations enable row level security;
create policy "readers of a measure see its organisations" on public.measure_organizations
  for select to anon, authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_organizations.measure_id));
create policy "writers of a measure add organisations" on public.measure_organizations
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure change organisation roles" on public.measure_organizations
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure remove organisations" on public.measure_organizations
  for delete to authenticated using ((select app_private.can_write_measure(measure_id)));

-- ───────────────────────────── networks ─────────────────────────────
create table public.networks (
  network_id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 2 and 200),
  description text not null default '' check (char_length(description) <= 4000),
  theme_ids uuid[] not null default '{}',
  website text check (website is null or website ~ '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint networks_name_key unique (name)
);
comment on table public.networks is 'Existing networks and bodies (Gründerregion, AGIT, chambers'' committees …) that measures build on instead of creating Doppelstrukturen.';
create trigger networks_touch_updated_at before update on public.networks
  for each row execute function app_private.touch_updated_at();

create table public.measure_networks (
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  network_id uuid not null references public.networks (network_id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (measure_id, network_id)
);
comment on table public.measure_networks is 'Which existing networks a measure builds on.';
create index measure_networks_network_id_idx on public.measure_networks (network_id);

alter table public.networks enable row level security;
alter table public.measure_networks enable row level security;

create policy "everyone reads networks" on public.networks
  for select to anon, authenticated using (true);
create policy "admins add networks" on public.networks
  for insert to authenticated with check ((select app_private.is_admin()));
create policy "admins change networks" on public.networks
  for update to authenticated using ((select app_private.is_admin())) with check ((select app_private.is_admin()));
create policy "admins remove networks" on public.networks
  for delete to authenticated using ((select app_private.is_admin()));

create policy "readers of a measure see its networks" on public.measure_networks
  for select to anon, authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_networks.measure_id));
create policy "writers of a measure link networks" on public.measure_networks
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure change network links" on public.measure_networks
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure unlink networks" on public.measure_networks
  for delete to authenticated using ((select app_private.can_write_measure(measure_id)));

-- ───────────────────────────── rules checked at commit ─────────────────────────────
-- Deferred, so a form may change kind, lead and networks in one transaction in any order.
create or replace function app_private.check_measure_rules(target uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  m record;
begin
  select measure_id, status, kind, new_structure_justification into m from public.measures where measure_id = target;
  if not found then
    return;
  end if;
  if m.status in ('agreed', 'in_progress', 'done')
     and (select count(*) from public.measure_organizations o where o.measure_id = target and o.role = 'lead') <> 1 then
    raise exception 'an agreed measure needs exactly one lead organisation'
      using errcode = 'check_violation', constraint = 'measures_agreed_need_one_lead';
  end if;
  if m.kind in ('flagship', 'masterplan_project')
     and not exists (select 1 from public.measure_networks n where n.measure_id = target)
     and char_length(trim(coalesce(m.new_structure_justification, ''))) < 20 then
    raise exception 'a Leitprojekt or Masterplanprojekt without a network needs a justification for a new structure'
      using errcode = 'check_violation', constraint = 'measures_new_structure_justified';
  end if;
end
$$;

create or replace function app_private.check_measure_rules_trigger() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  perform app_private.check_measure_rules(coalesce(new.measure_id, old.measure_id));
  return null;
end
$$;

revoke all on function app_private.check_measure_rules(uuid), app_private.check_measure_rules_trigger() from public;

create constraint trigger measures_rules after insert or update on public.measures
  deferrable initially deferred for each row execute function app_private.check_measure_rules_trigger();
create constraint trigger measure_organizations_rules after insert or update or delete on public.measure_organizations
  deferrable initially deferred for each row execute function app_private.check_measure_rules_trigger();
create constraint trigger measure_networks_rules after insert or update or delete on public.measure_networks
  deferrable initially deferred for each row execute function app_private.check_measure_rules_trigger();

-- ───────────────────────────── invitations ─────────────────────────────
create table public.working_group_invitations (
  invitation_id uuid primary key default gen_random_uuid(),
  working_group_id uuid not null references public.working_groups (working_group_id) on delete cascade,
  email text not null check (email = lower(email) and char_length(email) between 3 and 254),
  role text not null default 'member' check (role in ('moderator', 'member')),
  organization_id uuid references public.organizations (organization_id) on delete set null,
  token_hash bytea not null,
  invited_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  constraint working_group_invitations_token_hash_key unique (token_hash)
);
comment on table public.working_group_invitations is 'Single-use invitation links (7 days) for addresses without an account.';
create index working_group_invitations_group_idx on public.working_group_invitations (working_group_id);

alter table public.working_group_invitations enable row level security;
create policy "moderators and admins see their groups' invitations" on public.working_group_invitations
  for select to authenticated
  using ((select app_private.is_admin()) or working_group_id in (select app_private.my_moderated_group_ids()));
create policy "moderators invite members, admins anyone" on public.working_group_invitations
  for insert to authenticated
  with check (
    (select app_private.is_admin())
    or (role = 'member' and working_group_id in (select app_private.my_moderated_group_ids()))
  );
-- Acceptance happens in the authentication internals (service role); nobody updates through the API.
create policy "moderators and admins withdraw invitations" on public.working_group_invitations
  for delete to authenticated
  using ((select app_private.is_admin()) or working_group_id in (select app_private.my_moderated_group_ids()));
revoke all on public.working_group_invitations from anon;

-- ───────────────────────────── activity log ─────────────────────────────
create table public.activity_log (
  activity_id bigint generated always as identity primary key,
  measure_id uuid references public.measures (measure_id) on delete cascade,
  working_group_id uuid references public.working_groups (working_group_id) on delete set null,
  actor_id uuid references public.profiles (profile_id) on delete set null,
  action text not null,
  changes jsonb not null default '{}',
  created_at timestamptz not null default now()
);
comment on table public.activity_log is 'Who changed what and when (old → new) on measures and memberships; written by triggers only.';
create index activity_log_measure_idx on public.activity_log (measure_id, activity_id desc);
create index activity_log_group_idx on public.activity_log (working_group_id, activity_id desc);

alter table public.activity_log enable row level security;
create policy "readers of a measure or members of a group read its activity" on public.activity_log
  for select to authenticated
  using (
    (measure_id is not null and exists (select 1 from public.measures m where m.measure_id = activity_log.measure_id))
    or (measure_id is null and ((select app_private.is_admin())
                                or working_group_id in (select app_private.my_group_ids())))
  );
-- No insert, update or delete policies: only the triggers below write, and history is never rewritten.
revoke all on public.activity_log from anon;

create or replace function app_private.log_measure_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  tracked text[] := array['title', 'summary', 'kind', 'status', 'discard_reason', 'horizon', 'start_date',
                          'due_date', 'progress', 'visibility', 'working_group_id', 'theme_id', 'code',
                          'new_structure_justification'];
  diff jsonb;
begin
  if tg_op = 'INSERT' then
    insert into public.activity_log (measure_id, working_group_id, actor_id, action, changes)
    values (new.measure_id, new.working_group_id, (select auth.uid()), 'measure.created',
            jsonb_build_object('title', jsonb_build_array(null, new.title), 'status', jsonb_build_array(null, new.status)));
    return null;
  end if;
  select coalesce(jsonb_object_agg(o.key, jsonb_build_array(o.value, n.value)), '{}'::jsonb) into diff
    from jsonb_each(to_jsonb(old)) o
    join jsonb_each(to_jsonb(new)) n on n.key = o.key
   where o.key = any (tracked) and o.value is distinct from n.value;
  if diff <> '{}'::jsonb then
    insert into public.activity_log (measure_id, working_group_id, actor_id, action, changes)
    values (new.measure_id, new.working_group_id, (select auth.uid()),
            case when diff ? 'status' then 'measure.status_changed' else 'measure.updated' end, diff);
  end if;
  return null;
end
$$;
create trigger measures_log after insert or update on public.measures
  for each row execute function app_private.log_measure_change();

create or replace function app_private.log_measure_link_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  row_data jsonb := to_jsonb(coalesce(new, old));
  subject text := case when tg_table_name = 'measure_organizations' then 'organization' else 'network' end;
  target uuid := (row_data ->> 'measure_id')::uuid;
begin
  if not exists (select 1 from public.measures where measure_id = target) then
    return null;
  end if;
  insert into public.activity_log (measure_id, working_group_id, actor_id, action, changes)
  select target, m.working_group_id, (select auth.uid()),
         subject || case tg_op when 'INSERT' then '.added' when 'DELETE' then '.removed' else '.changed' end,
         jsonb_build_object(subject || '_id', row_data ->> (subject || '_id'))
         || case when subject = 'organization' then jsonb_build_object('role', jsonb_build_array(
              case when tg_op <> 'INSERT' then to_jsonb(old) -> 'role' end,
              case when tg_op <> 'DELETE' then to_jsonb(new) -> 'role' end))
            else '{}'::jsonb end
    from public.measures m where m.measure_id = target;
  return null;
end
$$;
create trigger measure_organizations_log after insert or update or delete on public.measure_organizations
  for each row execute function app_private.log_measure_link_change();
create trigger measure_networks_log after insert or update or delete on public.measure_networks
  for each row execute function app_private.log_measure_link_change();

create or replace function app_private.log_membership_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (select 1 from public.working_groups g where g.working_group_id = coalesce(new.working_group_id, old.working_group_id)) then
    return null;
  end if;
  insert into public.activity_log (working_group_id, actor_id, action, changes)
  values (
    coalesce(new.working_group_id, old.working_group_id),
    (select auth.uid()),
    'member.' || case tg_op when 'INSERT' then 'added' when 'DELETE' then 'removed' else 'role_changed' end,
    jsonb_build_object(
      'user_id', coalesce(new.user_id, old.user_id),
      'role', jsonb_build_array(case when tg_op <> 'INSERT' then old.role end, case when tg_op <> 'DELETE' then new.role end)
    )
  );
  return null;
end
$$;
create trigger working_group_members_log after insert or update or delete on public.working_group_members
  for each row execute function app_private.log_membership_change();

-- ───────────────────────────── administration ─────────────────────────────
-- Admins need e-mail addresses and sign-in times, which live in auth.users (no API access).
create or replace function public.admin_list_accounts()
returns table (profile_id uuid, email text, last_sign_in_at timestamptz, created_at timestamptz)
language sql stable security definer set search_path = ''
as $$
  select u.id, u.email::text, u.last_sign_in_at, u.created_at
    from auth.users u
   where app_private.is_admin()
   order by u.email
$$;
comment on function public.admin_list_accounts() is 'Accounts with e-mail and last sign-in, for admins only (empty for everyone else).';
revoke all on function public.admin_list_accounts() from public, anon;
grant execute on function public.admin_list_accounts() to authenticated;

grant usage on schema app_private to authenticated;
