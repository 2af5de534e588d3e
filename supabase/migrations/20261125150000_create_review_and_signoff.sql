-- Review and agreement: comment threads anchored in a measure's text, named versions, organisation
-- sign-off (Mitzeichnung) of the binding sections, and in-app notifications.
-- Access follows the measure: whoever reads a measure reads its threads, versions and signatures.

-- ───────────────────────────── who may sign, who may comment ─────────────────────────────
alter table public.profiles add column can_sign boolean not null default false;
comment on column public.profiles.can_sign is 'Zeichnungsberechtigt: may sign measures for the profile''s organisation. Set by admins only.';

create or replace function app_private.guard_profile_update() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.profile_id is distinct from old.profile_id then
    raise exception 'profile id is immutable' using errcode = '42501';
  end if;
  if (new.platform_role is distinct from old.platform_role
      or new.organization_id is distinct from old.organization_id
      or new.is_active is distinct from old.is_active
      or new.can_sign is distinct from old.can_sign)
     and current_user not in ('postgres', 'service_role', 'supabase_admin')
     and not app_private.is_admin() then
    raise exception 'only admins change role, organisation, signing right or activation' using errcode = '42501';
  end if;
  -- The last word on one's own access belongs to another admin: no self-demotion, no self-deactivation.
  if current_user = 'authenticated' and new.profile_id = (select auth.uid())
     and (new.platform_role is distinct from old.platform_role or new.is_active is distinct from old.is_active) then
    raise exception 'admins do not change their own role or activation'
      using errcode = '42501', constraint = 'profiles_no_self_demotion';
  end if;
  return new;
end
$$;

alter table public.working_groups add column observers_may_comment boolean not null default false;
comment on column public.working_groups.observers_may_comment is 'When true, observers may comment on this group''s shared (platform/public) measures.';

-- ───────────────────────────── binding sections ─────────────────────────────
-- The binding sections are the text under the headings Ziel, Zuständigkeit, Ressourcen and Zeitplan
-- of the server-rendered HTML (never client HTML), each up to the next heading. Signatures are bound
-- to a hash of exactly these four texts, so edits elsewhere keep them valid.
create or replace function app_private.binding_sections(html text) returns jsonb
language plpgsql immutable set search_path = ''
as $$
declare
  parts text[] := regexp_split_to_array(coalesce(html, ''), '<h[1-6][^>]*>');
  part text;
  heading text;
  body text;
  result jsonb := '{}';
begin
  for i in 2 .. coalesce(array_length(parts, 1), 0) loop
    part := parts[i];
    heading := lower(btrim(regexp_replace(split_part(part, '</h', 1), '<[^>]*>', '', 'g')));
    if heading in ('ziel', 'zuständigkeit', 'ressourcen', 'zeitplan') then
      body := regexp_replace(part, '^.*?</h[1-6]>', '');
      body := btrim(regexp_replace(regexp_replace(body, '<[^>]*>', ' ', 'g'), '\s+', ' ', 'g'));
      result := result || jsonb_build_object(heading, body);
    end if;
  end loop;
  return result;
end
$$;
comment on function app_private.binding_sections(text) is 'The text of the binding sections (Ziel, Zuständigkeit, Ressourcen, Zeitplan) of server-rendered measure HTML.';

create or replace function app_private.binding_hash(html text) returns text
language sql immutable set search_path = ''
as $$
  select encode(sha256(convert_to(app_private.binding_sections(html)::text, 'UTF8')), 'hex')
$$;
comment on function app_private.binding_hash(text) is 'SHA-256 of the binding sections of server-rendered measure HTML; what a signature is bound to.';
revoke all on function app_private.binding_sections(text), app_private.binding_hash(text) from public;
grant execute on function app_private.binding_sections(text), app_private.binding_hash(text) to authenticated, service_role;

create table public.measure_binding_state (
  measure_id uuid primary key references public.measures (measure_id) on delete cascade,
  binding_hash text not null,
  sections jsonb not null default '{}',
  changed_at timestamptz not null default now()
);
comment on table public.measure_binding_state is 'The current hash of each measure''s binding sections, kept by trigger from the derived HTML; compared with signatures.';

alter table public.measure_binding_state enable row level security;
create policy "readers of a measure see its binding state" on public.measure_binding_state
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_binding_state.measure_id));
-- No write policies: written only by the trigger below (security definer).

-- Who signs: an active, non-observer profile with the signing right, for its own organisation,
-- when that organisation is lead or partner of the measure.
create or replace function app_private.can_sign_for(target_measure uuid, target_organization uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.profiles p
     where p.profile_id = (select auth.uid()) and p.is_active and p.can_sign
       and p.platform_role <> 'observer' and p.organization_id = target_organization)
    and exists (
    select 1 from public.measure_organizations mo
     where mo.measure_id = target_measure and mo.organization_id = target_organization
       and mo.role in ('lead', 'partner'))
$$;
comment on function app_private.can_sign_for(uuid, uuid) is 'True when the signed-in user has the signing right for the organisation and it is lead or partner of the measure.';
revoke all on function app_private.can_sign_for(uuid, uuid) from public;
grant execute on function app_private.can_sign_for(uuid, uuid) to authenticated, service_role;

-- ───────────────────────────── versions ─────────────────────────────
create table public.measure_versions (
  version_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  number integer not null,
  name text not null check (char_length(btrim(name)) between 1 and 120),
  kind text not null default 'manual' check (kind in ('manual', 'status', 'signature')),
  content_html text not null,
  content_text text not null,
  binding_hash text not null,
  metadata jsonb not null,
  state bytea,
  created_by uuid references public.profiles (profile_id) on delete set null,
  created_at timestamptz not null default now(),
  constraint measure_versions_number_key unique (measure_id, number)
);
comment on table public.measure_versions is 'Named versions of a measure: the server-rendered text, its binding hash, the key data and (for saved versions) the Yjs state. Never changed after insert.';
comment on column public.measure_versions.state is 'Encoded Yjs state at the time of saving, written by the server with the service role; null for versions taken by the database at a status change.';
comment on column public.measure_versions.metadata is 'Key data at the time: title, summary, kind, status, horizon, dates, progress, visibility, organisations, networks.';

create or replace function app_private.measure_metadata(target uuid) returns jsonb
language sql stable security definer set search_path = ''
as $$
  select jsonb_build_object(
    'title', m.title, 'summary', m.summary, 'kind', m.kind, 'status', m.status, 'horizon', m.horizon,
    'startDate', m.start_date, 'dueDate', m.due_date, 'progress', m.progress, 'visibility', m.visibility,
    'organizations', coalesce((
      select jsonb_agg(jsonb_build_object('shortName', o.short_name, 'role', mo.role) order by mo.role, o.short_name)
        from public.measure_organizations mo join public.organizations o on o.organization_id = mo.organization_id
       where mo.measure_id = m.measure_id), '[]'),
    'networks', coalesce((
      select jsonb_agg(n.name order by n.name)
        from public.measure_networks mn join public.networks n on n.network_id = mn.network_id
       where mn.measure_id = m.measure_id), '[]'))
    from public.measures m where m.measure_id = target
$$;
comment on function app_private.measure_metadata(uuid) is 'A measure''s key data as JSON, for versions and their comparison.';
revoke all on function app_private.measure_metadata(uuid) from public;
grant execute on function app_private.measure_metadata(uuid) to authenticated, service_role;

-- A version is taken from the measure as it is now; the caller only names it.
create or replace function app_private.fill_measure_version() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  m record;
begin
  select measure_id, content_html, content_text into m from public.measures where measure_id = new.measure_id;
  if not found then
    raise exception 'no such measure' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtext('measure_versions'), hashtext(new.measure_id::text));
  new.number := coalesce((select max(v.number) from public.measure_versions v where v.measure_id = new.measure_id), 0) + 1;
  new.content_html := m.content_html;
  new.content_text := m.content_text;
  new.binding_hash := app_private.binding_hash(m.content_html);
  new.metadata := app_private.measure_metadata(new.measure_id);
  new.created_at := now();
  -- Security definer: current_user is the owner here, so the caller is told apart by its claims.
  if (select auth.role()) is not distinct from 'authenticated' then
    new.created_by := (select auth.uid());
    new.state := null;
  end if;
  return new;
end
$$;
revoke all on function app_private.fill_measure_version() from public;
create trigger measure_versions_fill before insert on public.measure_versions
  for each row execute function app_private.fill_measure_version();

create or replace function app_private.guard_measure_version() returns trigger
language plpgsql set search_path = ''
as $$
begin
  -- Only the server may attach the Yjs state, once; everything else is history.
  if current_user = 'authenticated' or (to_jsonb(new) - 'state') <> (to_jsonb(old) - 'state') or old.state is not null then
    raise exception 'versions are never changed' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger measure_versions_guard before update on public.measure_versions
  for each row execute function app_private.guard_measure_version();

create index measure_versions_measure_idx on public.measure_versions (measure_id, number desc);
create index measure_versions_created_by_idx on public.measure_versions (created_by);

alter table public.measure_versions enable row level security;
create policy "readers of a measure see its versions" on public.measure_versions
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_versions.measure_id));
-- Writers save named versions; a signer (who may be outside the group) saves the version they sign.
create policy "writers save versions, signers the version they sign" on public.measure_versions
  for insert to authenticated
  with check (
    (kind = 'manual' and (select app_private.can_write_measure(measure_id)))
    or (kind = 'signature' and exists (
          select 1 from public.measure_organizations mo
           where mo.measure_id = measure_versions.measure_id
             and app_private.can_sign_for(mo.measure_id, mo.organization_id)))
  );
-- No update or delete policy: versions are history.

-- Automatic versions when a measure enters consultation or agreement.
create or replace function app_private.version_on_status_change() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.measure_versions (measure_id, name, kind, created_by)
  values (new.measure_id,
          case new.status when 'consultation' then 'Status: In Abstimmung' else 'Status: Vereinbart' end,
          'status', (select auth.uid()));
  return null;
end
$$;
revoke all on function app_private.version_on_status_change() from public;
create trigger measures_version_on_status after update of status on public.measures
  for each row when (new.status is distinct from old.status and new.status in ('consultation', 'agreed'))
  execute function app_private.version_on_status_change();

-- ───────────────────────────── signatures ─────────────────────────────
create table public.measure_signatures (
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  organization_id uuid not null references public.organizations (organization_id) on delete cascade,
  version_id uuid not null references public.measure_versions (version_id) on delete restrict,
  binding_hash text not null,
  signed_by uuid references public.profiles (profile_id) on delete set null,
  signed_at timestamptz not null default now(),
  stale_since timestamptz,
  primary key (measure_id, organization_id)
);
comment on table public.measure_signatures is 'Mitzeichnung: an organisation''s confirmation of a measure version, bound to the hash of its binding sections. Valid while that hash equals the measure''s current one.';
comment on column public.measure_signatures.stale_since is 'When a change to the binding sections made the signature need renewed confirmation; null while valid.';
create index measure_signatures_version_idx on public.measure_signatures (version_id);
create index measure_signatures_signed_by_idx on public.measure_signatures (signed_by);
create index measure_signatures_organization_idx on public.measure_signatures (organization_id);


-- A signature takes the hash from the version it names; that version must be the current text.
create or replace function app_private.fill_measure_signature() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v record;
begin
  select measure_id, binding_hash into v from public.measure_versions where version_id = new.version_id;
  if not found or v.measure_id <> new.measure_id then
    raise exception 'the version belongs to another measure' using errcode = '42501';
  end if;
  if (select auth.role()) is not distinct from 'authenticated' then
    if v.binding_hash <> (select b.binding_hash from public.measure_binding_state b where b.measure_id = new.measure_id) then
      raise exception 'the binding sections changed since this version; sign the current text'
        using errcode = '42501', constraint = 'measure_signatures_current_text';
    end if;
    new.signed_by := (select auth.uid());
    new.signed_at := now();
  end if;
  new.binding_hash := v.binding_hash;
  new.stale_since := null;
  return new;
end
$$;
revoke all on function app_private.fill_measure_signature() from public;
create trigger measure_signatures_fill before insert or update on public.measure_signatures
  for each row execute function app_private.fill_measure_signature();

alter table public.measure_signatures enable row level security;
create policy "readers of a measure see its signatures" on public.measure_signatures
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_signatures.measure_id));
create policy "signers sign for their organisation" on public.measure_signatures
  for insert to authenticated
  with check ((select app_private.can_sign_for(measure_id, organization_id))
              and exists (select 1 from public.measures m where m.measure_id = measure_signatures.measure_id));
create policy "signers renew their organisation's signature" on public.measure_signatures
  for update to authenticated
  using ((select app_private.can_sign_for(measure_id, organization_id)))
  with check ((select app_private.can_sign_for(measure_id, organization_id)));
create policy "signers withdraw their organisation's signature" on public.measure_signatures
  for delete to authenticated
  using ((select app_private.can_sign_for(measure_id, organization_id)));

-- Entering agreement needs a valid signature of the lead and every partner (checked at commit, so
-- naming the lead, signing and agreeing may happen in one transaction in any order).
create or replace function app_private.check_measure_signed() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  missing text;
begin
  if not exists (select 1 from public.measures m where m.measure_id = new.measure_id
                  and m.status in ('agreed', 'in_progress', 'done')) then
    return null;
  end if;
  select string_agg(o.short_name, ', ' order by o.short_name) into missing
    from public.measure_organizations mo
    join public.organizations o on o.organization_id = mo.organization_id
   where mo.measure_id = new.measure_id and mo.role in ('lead', 'partner')
     and not exists (
       select 1 from public.measure_signatures s
         join public.measure_binding_state b on b.measure_id = s.measure_id
        where s.measure_id = mo.measure_id and s.organization_id = mo.organization_id
          and s.binding_hash = b.binding_hash);
  if missing is not null then
    raise exception 'agreement needs a valid signature of the lead and every partner (missing: %)', missing
      using errcode = 'check_violation', constraint = 'measures_agreed_need_signatures';
  end if;
  return null;
end
$$;
revoke all on function app_private.check_measure_signed() from public;
create constraint trigger measures_agreement_signed after update of status on public.measures
  deferrable initially deferred for each row
  when (old.status in ('idea', 'draft', 'consultation', 'discarded') and new.status in ('agreed', 'in_progress', 'done'))
  execute function app_private.check_measure_signed();

-- ───────────────────────────── notifications ─────────────────────────────
create table public.review_notifications (
  notification_id bigint generated always as identity primary key,
  user_id uuid not null references public.profiles (profile_id) on delete cascade,
  kind text not null check (kind in ('mention', 'reply', 'signature_stale')),
  measure_id uuid references public.measures (measure_id) on delete cascade,
  thread_id uuid,
  actor_id uuid references public.profiles (profile_id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
comment on table public.review_notifications is 'In-app notifications (mentions, replies, signatures needing renewal); written by triggers, read and marked read by their recipient.';
create index review_notifications_user_idx on public.review_notifications (user_id, notification_id desc);
create index review_notifications_unread_idx on public.review_notifications (user_id) where read_at is null;
create index review_notifications_measure_idx on public.review_notifications (measure_id);
create index review_notifications_actor_idx on public.review_notifications (actor_id);

alter table public.review_notifications enable row level security;
create policy "users read their notifications" on public.review_notifications
  for select to authenticated using (user_id = (select auth.uid()));
create policy "users mark their notifications read" on public.review_notifications
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "users remove their notifications" on public.review_notifications
  for delete to authenticated using (user_id = (select auth.uid()));
-- No insert policy: notifications are written by triggers (security definer).

-- The derived HTML changed: recompute the binding hash; signatures on other text become stale and
-- their signers are told (once per change to stale).
create or replace function app_private.track_binding_sections() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  next_hash text := app_private.binding_hash(new.content_html);
begin
  if tg_op = 'UPDATE' and new.content_html is not distinct from old.content_html then
    return null;
  end if;
  insert into public.measure_binding_state as b (measure_id, binding_hash, sections, changed_at)
  values (new.measure_id, next_hash, app_private.binding_sections(new.content_html), now())
  on conflict (measure_id) do update
    set binding_hash = excluded.binding_hash, sections = excluded.sections, changed_at = now()
    where b.binding_hash <> excluded.binding_hash;

  with stale as (
    update public.measure_signatures s set stale_since = now()
     where s.measure_id = new.measure_id and s.binding_hash <> next_hash and s.stale_since is null
    returning s.signed_by
  )
  insert into public.review_notifications (user_id, kind, measure_id)
  select distinct signed_by, 'signature_stale', new.measure_id from stale where signed_by is not null;

  update public.measure_signatures s set stale_since = null
   where s.measure_id = new.measure_id and s.binding_hash = next_hash and s.stale_since is not null;
  return null;
end
$$;
revoke all on function app_private.track_binding_sections() from public;
create trigger measures_track_binding_sections after insert or update of content_html on public.measures
  for each row execute function app_private.track_binding_sections();

insert into public.measure_binding_state (measure_id, binding_hash, sections)
select measure_id, app_private.binding_hash(content_html), app_private.binding_sections(content_html)
  from public.measures
on conflict (measure_id) do nothing;

-- ───────────────────────────── comment threads ─────────────────────────────
create table public.comment_threads (
  thread_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  anchor_start bytea,
  anchor_end bytea,
  quote text not null default '' check (char_length(quote) <= 500),
  status text not null default 'open' check (status in ('open', 'resolved')),
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  resolved_by uuid references public.profiles (profile_id) on delete set null,
  resolved_at timestamptz,
  check ((anchor_start is null) = (anchor_end is null)),
  check (octet_length(anchor_start) <= 256 and octet_length(anchor_end) <= 256)
);
comment on table public.comment_threads is 'A discussion on a passage of a measure''s text. The passage is anchored by Yjs relative positions (encoded), so it follows everyone''s edits; the quote is the text as selected.';
create index comment_threads_measure_idx on public.comment_threads (measure_id, created_at);
create index comment_threads_created_by_idx on public.comment_threads (created_by);
create index comment_threads_resolved_by_idx on public.comment_threads (resolved_by);

create table public.comments (
  comment_id uuid primary key default gen_random_uuid(),
  thread_id uuid not null references public.comment_threads (thread_id) on delete cascade,
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  author_id uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  body text not null check (char_length(btrim(body)) between 1 and 4000),
  mentions uuid[] not null default '{}' check (cardinality(mentions) <= 20),
  created_at timestamptz not null default now()
);
comment on table public.comments is 'Plain-text comments in a thread, with the members they mention. Rendered as text, never as HTML.';
create index comments_thread_idx on public.comments (thread_id, created_at);
create index comments_measure_idx on public.comments (measure_id);
create index comments_author_idx on public.comments (author_id);

-- Who may comment: whoever may write the measure; observers only on shared measures of groups that allow it.
create or replace function app_private.can_comment_measure(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select app_private.can_write_measure(target)
      or (app_private.current_platform_role() = 'observer'
          and exists (
            select 1 from public.measures m join public.working_groups g on g.working_group_id = m.working_group_id
             where m.measure_id = target and m.visibility in ('platform', 'public') and g.observers_may_comment))
$$;
comment on function app_private.can_comment_measure(uuid) is 'True when the signed-in user may comment on the measure.';
revoke all on function app_private.can_comment_measure(uuid) from public;
grant execute on function app_private.can_comment_measure(uuid) to authenticated, service_role;

create or replace function app_private.guard_comment_thread() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.created_by := (select auth.uid());
    new.created_at := now();
    new.status := 'open';
    new.resolved_by := null;
    new.resolved_at := null;
    return new;
  end if;
  if (to_jsonb(new) - array['status', 'resolved_by', 'resolved_at']) <> (to_jsonb(old) - array['status', 'resolved_by', 'resolved_at']) then
    raise exception 'only the status of a thread changes' using errcode = '42501';
  end if;
  if new.status = 'resolved' and old.status = 'open' then
    new.resolved_by := (select auth.uid());
    new.resolved_at := now();
  elsif new.status = 'open' then
    new.resolved_by := null;
    new.resolved_at := null;
  end if;
  return new;
end
$$;
create trigger comment_threads_guard before insert or update on public.comment_threads
  for each row execute function app_private.guard_comment_thread();

create or replace function app_private.guard_comment() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if (select t.measure_id from public.comment_threads t where t.thread_id = new.thread_id) is distinct from new.measure_id then
    raise exception 'the thread belongs to another measure' using errcode = '42501';
  end if;
  if current_user = 'authenticated' then
    new.author_id := (select auth.uid());
    new.created_at := now();
  end if;
  return new;
end
$$;
create trigger comments_guard before insert on public.comments
  for each row execute function app_private.guard_comment();

-- Mentioned members and earlier participants who can read the measure are notified.
create or replace function app_private.notify_comment() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.review_notifications (user_id, kind, measure_id, thread_id, actor_id)
  select recipient, kind, new.measure_id, new.thread_id, new.author_id
    from (
      select distinct on (recipient) recipient, kind from (
        select unnest(new.mentions) as recipient, 'mention' as kind, 1 as rank
        union all
        select c.author_id, 'reply', 2 from public.comments c
         where c.thread_id = new.thread_id and c.comment_id <> new.comment_id and c.author_id is not null
      ) candidates
      order by recipient, rank
    ) chosen
   where recipient is distinct from new.author_id
     and exists (
       select 1 from public.profiles p
        join public.measures m on m.measure_id = new.measure_id
        left join public.working_groups g on g.working_group_id = m.working_group_id
        where p.profile_id = recipient and p.is_active
          and (m.visibility <> 'group' or p.platform_role = 'admin'
               or exists (select 1 from public.working_group_members wm
                           where wm.working_group_id = m.working_group_id and wm.user_id = recipient)));
  return null;
end
$$;
revoke all on function app_private.notify_comment() from public;
create trigger comments_notify after insert on public.comments
  for each row execute function app_private.notify_comment();

alter table public.comment_threads enable row level security;
create policy "readers of a measure read its threads" on public.comment_threads
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = comment_threads.measure_id));
create policy "commenters open threads" on public.comment_threads
  for insert to authenticated with check ((select app_private.can_comment_measure(measure_id)));
create policy "writers and the thread's author resolve and reopen" on public.comment_threads
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)) or created_by = (select auth.uid()))
  with check ((select app_private.can_write_measure(measure_id)) or created_by = (select auth.uid()));
-- No delete policy: threads are part of the record of the discussion.

alter table public.comments enable row level security;
create policy "readers of a measure read its comments" on public.comments
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = comments.measure_id));
create policy "commenters write comments" on public.comments
  for insert to authenticated with check ((select app_private.can_comment_measure(measure_id)));
-- No update or delete policy: what was said stays said.

grant select, insert, update, delete on public.comment_threads, public.comments, public.measure_versions,
  public.measure_signatures, public.measure_binding_state, public.review_notifications to authenticated, service_role;
revoke update on public.review_notifications from authenticated;
grant update (read_at) on public.review_notifications to authenticated;
