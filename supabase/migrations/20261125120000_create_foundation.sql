-- Foundation: the actors (organizations), the four Themenfelder (themes) and user profiles
-- created by a trigger on auth.users (works the same under Supabase Auth).
-- Security-definer helpers live in app_private with a pinned search_path.

create schema if not exists app_private;
revoke all on schema app_private from public;
grant usage on schema app_private to anon, authenticated, service_role;

create table public.organizations (
  organization_id uuid primary key default gen_random_uuid(),
  short_name text not null check (char_length(short_name) between 1 and 40),
  name text not null check (char_length(name) between 1 and 200),
  kind text not null default 'other'
    check (kind in ('administration', 'regional_authority', 'association', 'union', 'agency',
                    'chamber', 'ministry', 'network', 'research', 'company', 'other')),
  website text check (website is null or website ~ '^https?://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organizations_short_name_key unique (short_name)
);
comment on table public.organizations is 'Akteure: the institutions taking part in the Industriedialog (IHK, HWK, DGB, AGIT, ...).';

create table public.themes (
  theme_id uuid primary key default gen_random_uuid(),
  code text not null check (code ~ '^[A-Z]{2}$'),
  slug text not null check (slug ~ '^[a-z0-9-]+$'),
  name_de text not null,
  name_en text not null,
  description_de text not null,
  description_en text not null,
  position smallint not null,
  created_at timestamptz not null default now(),
  constraint themes_code_key unique (code),
  constraint themes_slug_key unique (slug),
  constraint themes_position_key unique (position)
);
comment on table public.themes is 'Themenfelder: the four thematic fields of the Masterplan, ordered; code prefixes measure codes.';

create table public.profiles (
  profile_id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 1 and 120),
  organization_id uuid references public.organizations (organization_id) on delete set null,
  platform_role text not null default 'member' check (platform_role in ('admin', 'member', 'observer')),
  locale text check (locale in ('de', 'en')),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'One profile per account: display name, organisation, platform role (admin | member | observer).';
create index profiles_organization_id_idx on public.profiles (organization_id);

-- Helpers used by policies. They read profiles with the definer's rights so a policy on
-- profiles can ask for the caller's role without recursing into itself.
create or replace function app_private.current_platform_role() returns text
language sql stable security definer set search_path = ''
as $$
  select p.platform_role from public.profiles p
  where p.profile_id = (select auth.uid()) and p.is_active
$$;
comment on function app_private.current_platform_role() is 'Platform role of the signed-in user, null for anon or deactivated accounts.';

create or replace function app_private.is_admin() returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(app_private.current_platform_role() = 'admin', false)
$$;
comment on function app_private.is_admin() is 'True when the signed-in user is an active admin.';

revoke all on function app_private.current_platform_role(), app_private.is_admin() from public;
grant execute on function app_private.current_platform_role(), app_private.is_admin()
  to authenticated, service_role;

create or replace function app_private.touch_updated_at() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger organizations_touch_updated_at before update on public.organizations
  for each row execute function app_private.touch_updated_at();
create trigger profiles_touch_updated_at before update on public.profiles
  for each row execute function app_private.touch_updated_at();

-- Only admins change who someone is on the platform; everyone else may edit name and language.
create or replace function app_private.guard_profile_update() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.profile_id is distinct from old.profile_id then
    raise exception 'profile id is immutable' using errcode = '42501';
  end if;
  if (new.platform_role is distinct from old.platform_role
      or new.organization_id is distinct from old.organization_id
      or new.is_active is distinct from old.is_active)
     and current_user not in ('postgres', 'service_role', 'supabase_admin')
     and not app_private.is_admin() then
    raise exception 'only admins change role, organisation or activation' using errcode = '42501';
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
create trigger profiles_guard_update before update on public.profiles
  for each row execute function app_private.guard_profile_update();

-- New account → profile. Role and organisation come from app metadata (server-set only);
-- the display name from user metadata, falling back to the e-mail's local part.
create or replace function app_private.handle_new_user() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  requested_role text := new.raw_app_meta_data ->> 'platform_role';
  requested_org text := new.raw_app_meta_data ->> 'organization_id';
begin
  insert into public.profiles (profile_id, display_name, organization_id, platform_role)
  values (
    new.id,
    coalesce(nullif(trim(new.raw_user_meta_data ->> 'display_name'), ''), split_part(new.email, '@', 1), 'Unbekannt'),
    case when requested_org ~ '^[0-9a-fA-F-]{36}$' then requested_org::uuid end,
    case when requested_role in ('admin', 'member', 'observer') then requested_role else 'member' end
  );
  return new;
end
$$;
revoke all on function app_private.handle_new_user() from public;
create trigger on_auth_user_created after insert on auth.users
  for each row execute function app_private.handle_new_user();

alter table public.organizations enable row level security;
alter table public.themes enable row level security;
alter table public.profiles enable row level security;

create policy "everyone reads organizations" on public.organizations
  for select to anon, authenticated using (true);
create policy "admins add organizations" on public.organizations
  for insert to authenticated with check ((select app_private.is_admin()));
create policy "admins change organizations" on public.organizations
  for update to authenticated using ((select app_private.is_admin())) with check ((select app_private.is_admin()));
create policy "admins remove organizations" on public.organizations
  for delete to authenticated using ((select app_private.is_admin()));

create policy "everyone reads themes" on public.themes
  for select to anon, authenticated using (true);
create policy "admins add themes" on public.themes
  for insert to authenticated with check ((select app_private.is_admin()));
create policy "admins change themes" on public.themes
  for update to authenticated using ((select app_private.is_admin())) with check ((select app_private.is_admin()));
create policy "admins remove themes" on public.themes
  for delete to authenticated using ((select app_private.is_admin()));

create policy "signed-in users read profiles" on public.profiles
  for select to authenticated using ((select app_private.current_platform_role()) is not null);
create policy "users change their own profile, admins any" on public.profiles
  for update to authenticated
  using (profile_id = (select auth.uid()) or (select app_private.is_admin()))
  with check (profile_id = (select auth.uid()) or (select app_private.is_admin()));
-- No insert or delete policy: profiles are created by the auth.users trigger and end with the account.

insert into public.themes (code, slug, name_de, name_en, description_de, description_en, position) values
  ('SK', 'standortkommunikation', 'Standortkommunikation', 'Location marketing',
   'Die Industrieregion Aachen nach innen und außen sichtbar machen: Image, Akzeptanz und Bekenntnis zur Industrie.',
   'Making the Aachen industrial region visible at home and abroad: image, acceptance and commitment to industry.', 1),
  ('FK', 'fachkraefte', 'Fachkräfte', 'Skilled workers',
   'Fachkräfte gewinnen, ausbilden und halten: Berufsorientierung, Weiterbildung und Arbeitsbedingungen.',
   'Attracting, training and keeping skilled workers: career guidance, further training and working conditions.', 2),
  ('IN', 'innovationen', 'Innovationen', 'Innovation',
   'Wissens- und Technologietransfer zwischen Hochschulen, Forschung und Industrie stärken.',
   'Strengthening knowledge and technology transfer between universities, research and industry.', 3),
  ('RB', 'rahmenbedingungen', 'Rahmenbedingungen', 'Framework conditions',
   'Flächen, Infrastruktur, Energie und Verwaltungsverfahren so gestalten, dass Industrie bleiben und wachsen kann.',
   'Shaping land, infrastructure, energy and administrative procedures so that industry can stay and grow.', 4);

-- Built-in accounts (the default when Supabase Auth is not configured): server-side sessions and
-- the failed-login log for brute-force protection. Only service_role touches this schema.
create schema if not exists local_auth;
revoke all on schema local_auth from public;
grant usage on schema local_auth to service_role;

create table local_auth.sessions (
  session_id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash bytea not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  user_agent text,
  constraint sessions_token_hash_key unique (token_hash)
);
comment on table local_auth.sessions is 'Built-in accounts: one row per signed-in browser; the cookie carries a token whose SHA-256 is token_hash.';
create index sessions_user_id_idx on local_auth.sessions (user_id);

create table local_auth.login_attempts (
  login_attempt_id bigint generated always as identity primary key,
  email_normalized text not null,
  attempted_at timestamptz not null default now(),
  succeeded boolean not null
);
comment on table local_auth.login_attempts is 'Built-in accounts: sign-in attempts per e-mail, for the 15-minute failure limit.';
create index login_attempts_email_time_idx on local_auth.login_attempts (email_normalized, attempted_at desc);

alter table local_auth.sessions enable row level security;

-- Deactivation ends every session for good: reactivating an account later does not revive them.
create or replace function app_private.end_sessions_on_deactivation() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.is_active and not new.is_active then
    delete from local_auth.sessions where user_id = new.profile_id;
  end if;
  return null;
end
$$;
revoke all on function app_private.end_sessions_on_deactivation() from public;
create trigger profiles_end_sessions after update of is_active on public.profiles
  for each row execute function app_private.end_sessions_on_deactivation();
alter table local_auth.login_attempts enable row level security;
grant select, insert, update, delete on all tables in schema local_auth to service_role;
