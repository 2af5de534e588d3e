-- Umsetzung (tracking) of measures: milestones, indicators with measured values, the
-- classification scoring and the moderators' recorded decisions, scheduled check-ins with
-- in-app notifications, and the jobs table the in-process scheduler claims (for update skip locked).
-- Readers of a measure read its tracking; writers of the measure change it; RLS is the authority.

-- ───────────────────────────── helpers ─────────────────────────────
create or replace function app_private.can_moderate_measure(target uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.measures m
     where m.measure_id = target
       and (app_private.is_admin() or app_private.is_group_moderator(m.working_group_id))
  )
$$;
comment on function app_private.can_moderate_measure(uuid) is 'True when the signed-in user moderates the measure''s group or is an admin.';
revoke all on function app_private.can_moderate_measure(uuid) from public;
grant execute on function app_private.can_moderate_measure(uuid) to authenticated, service_role;

-- Authors are who the session says, never what the client sends; they never change afterwards.
-- tg_argv[0] names the author column.
create or replace function app_private.stamp_author() returns trigger
language plpgsql set search_path = ''
as $$
declare
  author_column text := tg_argv[0];
begin
  if tg_op = 'INSERT' then
    if current_user = 'authenticated' then
      new := jsonb_populate_record(new, jsonb_build_object(author_column, (select auth.uid())));
    end if;
  else
    new := jsonb_populate_record(new, jsonb_build_object(author_column, to_jsonb(old) -> author_column));
    if to_jsonb(new) ? 'updated_at' then
      new := jsonb_populate_record(new, jsonb_build_object('updated_at', now()));
    end if;
  end if;
  return new;
end
$$;

-- ───────────────────────────── milestones ─────────────────────────────
create table public.milestones (
  milestone_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  title text not null check (char_length(title) between 3 and 200),
  due_date date not null,
  done_date date,
  responsible_organization_id uuid references public.organizations (organization_id) on delete set null,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.milestones is 'Meilensteine of a measure: due date, done date and the responsible organisation; open past the due date means overdue.';
create index milestones_measure_id_idx on public.milestones (measure_id, due_date);
create index milestones_open_due_idx on public.milestones (due_date) where done_date is null;
create trigger milestones_stamp_author before insert or update on public.milestones
  for each row execute function app_private.stamp_author('created_by');

alter table public.milestones enable row level security;
create policy "readers of a measure see its milestones" on public.milestones
  for select to anon, authenticated
  using (exists (select 1 from public.measures m where m.measure_id = milestones.measure_id));
create policy "writers of a measure add milestones" on public.milestones
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure change milestones" on public.milestones
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure remove milestones" on public.milestones
  for delete to authenticated using ((select app_private.can_write_measure(measure_id)));
revoke all on public.milestones from anon;
grant select (milestone_id, measure_id, title, due_date, done_date, responsible_organization_id)
  on public.milestones to anon;

-- ───────────────────────────── indicators ─────────────────────────────
create table public.indicators (
  indicator_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  name text not null check (char_length(name) between 2 and 200),
  unit text not null default '' check (char_length(unit) <= 40),
  baseline_value numeric,
  baseline_date date,
  target_value numeric,
  target_date date,
  created_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint indicators_measure_key unique (indicator_id, measure_id),
  constraint indicators_target_differs check (baseline_value is null or target_value is null or baseline_value <> target_value),
  constraint indicators_dates_ordered check (baseline_date is null or target_date is null or target_date >= baseline_date)
);
comment on table public.indicators is 'Indikatoren of a measure: a unit, a baseline and a target (value and date); progress is derived from the latest measured value.';
create index indicators_measure_id_idx on public.indicators (measure_id);
create trigger indicators_stamp_author before insert or update on public.indicators
  for each row execute function app_private.stamp_author('created_by');

create table public.indicator_values (
  indicator_value_id uuid primary key default gen_random_uuid(),
  indicator_id uuid not null,
  measure_id uuid not null,
  value numeric not null,
  measured_date date not null,
  source text not null default '' check (char_length(source) <= 300),
  entered_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  -- measure_id is carried along so the policies filter on an indexed column of this table.
  constraint indicator_values_indicator_fkey foreign key (indicator_id, measure_id)
    references public.indicators (indicator_id, measure_id) on delete cascade
);
comment on table public.indicator_values is 'Measured values of an indicator over time: value, date, source and who entered it.';
create index indicator_values_indicator_idx on public.indicator_values (indicator_id, measured_date desc, created_at desc);
create index indicator_values_measure_id_idx on public.indicator_values (measure_id);
create trigger indicator_values_stamp_author before insert or update on public.indicator_values
  for each row execute function app_private.stamp_author('entered_by');

alter table public.indicators enable row level security;
alter table public.indicator_values enable row level security;
create policy "readers of a measure see its indicators" on public.indicators
  for select to anon, authenticated
  using (exists (select 1 from public.measures m where m.measure_id = indicators.measure_id));
create policy "writers of a measure add indicators" on public.indicators
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure change indicators" on public.indicators
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure remove indicators" on public.indicators
  for delete to authenticated using ((select app_private.can_write_measure(measure_id)));

create policy "readers of a measure see its indicator values" on public.indicator_values
  for select to anon, authenticated
  using (exists (select 1 from public.measures m where m.measure_id = indicator_values.measure_id));
create policy "writers of a measure record indicator values" on public.indicator_values
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure correct indicator values" on public.indicator_values
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "writers of a measure remove indicator values" on public.indicator_values
  for delete to authenticated using ((select app_private.can_write_measure(measure_id)));

revoke all on public.indicators, public.indicator_values from anon;
grant select (indicator_id, measure_id, name, unit, baseline_value, baseline_date, target_value, target_date)
  on public.indicators to anon;
grant select (indicator_value_id, indicator_id, measure_id, value, measured_date, created_at)
  on public.indicator_values to anon;

-- ───────────────────────────── classification ─────────────────────────────
create table public.measure_assessments (
  assessment_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  impact smallint not null check (impact between 1 and 5),
  effort smallint not null check (effort between 1 and 5),
  time_to_result smallint not null check (time_to_result between 1 and 5),
  dependencies smallint not null check (dependencies between 1 and 5),
  funding_readiness smallint not null check (funding_readiness between 1 and 5),
  note text not null default '' check (char_length(note) <= 2000),
  assessed_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
comment on table public.measure_assessments is 'Classification help: scores 1–5 (impact, effort, time to visible result, dependencies, funding readiness); the latest one counts, earlier ones stay as history.';
create index measure_assessments_measure_idx on public.measure_assessments (measure_id, created_at desc);
create trigger measure_assessments_stamp_author before insert on public.measure_assessments
  for each row execute function app_private.stamp_author('assessed_by');

create table public.classification_decisions (
  decision_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  kind text not null check (kind in ('quick_win', 'flagship', 'masterplan_project', 'open')),
  suggested_kind text check (suggested_kind in ('quick_win', 'flagship', 'masterplan_project', 'open')),
  reason text not null check (char_length(trim(reason)) between 10 and 2000),
  decided_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now()
);
comment on table public.classification_decisions is 'The moderators'' decisions on a measure''s kind (Quick Win, Leitprojekt …) with their reason; setting one sets the measure''s kind.';
create index classification_decisions_measure_idx on public.classification_decisions (measure_id, created_at desc);
create trigger classification_decisions_stamp_author before insert on public.classification_decisions
  for each row execute function app_private.stamp_author('decided_by');

-- The decision is the authority on the kind: recording one sets it (as definer, so the guard's
-- writer checks do not apply; the insert policy already required a moderator).
create or replace function app_private.apply_classification_decision() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.measures set kind = new.kind where measure_id = new.measure_id and kind is distinct from new.kind;
  return null;
end
$$;
revoke all on function app_private.apply_classification_decision() from public;
create trigger classification_decisions_apply after insert on public.classification_decisions
  for each row execute function app_private.apply_classification_decision();

alter table public.measure_assessments enable row level security;
alter table public.classification_decisions enable row level security;
create policy "signed-in readers of a measure see its assessments" on public.measure_assessments
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = measure_assessments.measure_id));
create policy "writers of a measure assess it" on public.measure_assessments
  for insert to authenticated with check ((select app_private.can_write_measure(measure_id)));
-- No update or delete policies: assessments are history; a new one replaces the last.

create policy "signed-in readers of a measure see its classification decisions" on public.classification_decisions
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = classification_decisions.measure_id));
create policy "moderators and admins decide a measure's kind" on public.classification_decisions
  for insert to authenticated with check ((select app_private.can_moderate_measure(measure_id)));
-- No update or delete policies: decisions are history.
revoke all on public.measure_assessments, public.classification_decisions from anon;

-- ───────────────────────────── check-ins ─────────────────────────────
create table public.check_in_schedules (
  measure_id uuid primary key references public.measures (measure_id) on delete cascade,
  interval_months smallint not null default 1 check (interval_months between 1 and 12),
  anchor_month date not null default date_trunc('month', now())::date
    check (anchor_month = date_trunc('month', anchor_month)::date),
  is_paused boolean not null default false,
  updated_by uuid references public.profiles (profile_id) on delete set null default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.check_in_schedules is 'How often a measure in progress is asked for a check-in (every n months from anchor_month); without a row: monthly.';
create trigger check_in_schedules_stamp_author before insert or update on public.check_in_schedules
  for each row execute function app_private.stamp_author('updated_by');

create table public.check_ins (
  check_in_id uuid primary key default gen_random_uuid(),
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  requested_at timestamptz not null,
  due_date date not null,
  lead_organization_id uuid references public.organizations (organization_id) on delete set null,
  state text not null default 'open' check (state in ('open', 'submitted')),
  assessment text check (assessment in ('on_track', 'at_risk', 'blocked')),
  status_note text not null default '' check (char_length(status_note) <= 4000),
  next_milestone text not null default '' check (char_length(next_milestone) <= 500),
  blockers text not null default '' check (char_length(blockers) <= 4000),
  submitted_by uuid references public.profiles (profile_id) on delete set null,
  submitted_at timestamptz,
  escalated_at timestamptz,
  created_at timestamptz not null default now(),
  -- One check-in per measure and period: the scheduler may run twice, it never asks twice.
  constraint check_ins_measure_period_key unique (measure_id, period),
  constraint check_ins_submitted_complete check (state <> 'submitted' or (submitted_at is not null and assessment is not null))
);
comment on table public.check_ins is 'Check-ins: the lead organisation of a measure in progress is asked per period for status, next milestone, blockers and indicator values; open past due_date + 14 days escalates.';
create index check_ins_open_idx on public.check_ins (due_date) where state = 'open';
create index check_ins_measure_idx on public.check_ins (measure_id, period desc);

-- Answering is the only change the API makes: once, with the answerer and time set here.
create or replace function app_private.guard_check_in() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user <> 'authenticated' then
    return new;
  end if;
  if old.state = 'submitted' then
    raise exception 'a submitted check-in is final' using errcode = '42501', constraint = 'check_ins_final';
  end if;
  if (to_jsonb(new) - array['state', 'assessment', 'status_note', 'next_milestone', 'blockers', 'submitted_by', 'submitted_at'])
     is distinct from (to_jsonb(old) - array['state', 'assessment', 'status_note', 'next_milestone', 'blockers', 'submitted_by', 'submitted_at']) then
    raise exception 'only the answer of a check-in can be changed' using errcode = '42501';
  end if;
  new.state := 'submitted';
  new.submitted_by := (select auth.uid());
  new.submitted_at := now();
  return new;
end
$$;
create trigger check_ins_guard before update on public.check_ins
  for each row execute function app_private.guard_check_in();

create table public.notifications (
  notification_id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references public.profiles (profile_id) on delete cascade,
  kind text not null check (kind in ('check_in.requested', 'check_in.escalated')),
  check_in_id uuid not null references public.check_ins (check_in_id) on delete cascade,
  measure_id uuid not null references public.measures (measure_id) on delete cascade,
  created_at timestamptz not null,
  read_at timestamptz,
  emailed_at timestamptz,
  -- Each person is told each thing once, however often the scheduler runs.
  constraint notifications_once_key unique (check_in_id, recipient_id, kind)
);
comment on table public.notifications is 'In-app tasks and messages from the check-in scheduler, one per recipient and event; emailed_at when also sent by e-mail.';
create index notifications_recipient_idx on public.notifications (recipient_id, created_at desc);

create or replace function app_private.guard_notification() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user = 'authenticated'
     and (to_jsonb(new) - 'read_at') is distinct from (to_jsonb(old) - 'read_at') then
    raise exception 'only read_at of a notification can be changed' using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger notifications_guard before update on public.notifications
  for each row execute function app_private.guard_notification();

alter table public.check_in_schedules enable row level security;
alter table public.check_ins enable row level security;
alter table public.notifications enable row level security;

create policy "signed-in readers of a measure see its check-in schedule" on public.check_in_schedules
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = check_in_schedules.measure_id));
create policy "moderators and admins set a check-in schedule" on public.check_in_schedules
  for insert to authenticated with check ((select app_private.can_moderate_measure(measure_id)));
create policy "moderators and admins change a check-in schedule" on public.check_in_schedules
  for update to authenticated
  using ((select app_private.can_moderate_measure(measure_id)))
  with check ((select app_private.can_moderate_measure(measure_id)));
create policy "moderators and admins remove a check-in schedule" on public.check_in_schedules
  for delete to authenticated using ((select app_private.can_moderate_measure(measure_id)));

create policy "signed-in readers of a measure see its check-ins" on public.check_ins
  for select to authenticated
  using (exists (select 1 from public.measures m where m.measure_id = check_ins.measure_id));
-- No insert policy: the scheduler (service role) asks; nobody else creates check-ins.
create policy "writers of a measure answer its check-ins" on public.check_ins
  for update to authenticated
  using ((select app_private.can_write_measure(measure_id)))
  with check ((select app_private.can_write_measure(measure_id)));
create policy "admins remove check-ins" on public.check_ins
  for delete to authenticated using ((select app_private.is_admin()));

create policy "recipients read their notifications" on public.notifications
  for select to authenticated using (recipient_id = (select auth.uid()));
create policy "recipients mark their notifications read" on public.notifications
  for update to authenticated
  using (recipient_id = (select auth.uid())) with check (recipient_id = (select auth.uid()));
-- No insert or delete policies: only the scheduler writes notifications.

revoke all on public.check_in_schedules, public.check_ins, public.notifications from anon;

-- ───────────────────────────── jobs ─────────────────────────────
create table app_private.jobs (
  job_id bigint generated always as identity primary key,
  kind text not null check (char_length(kind) between 1 and 80),
  period text not null check (char_length(period) between 1 and 40),
  run_after timestamptz not null,
  attempts integer not null default 0,
  done_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  -- One run per job kind and period: restarts and parallel instances never run a period twice.
  constraint jobs_kind_period_key unique (kind, period)
);
comment on table app_private.jobs is 'Background jobs of the in-process scheduler: one row per kind and period, claimed with for update skip locked and held locked while it runs; done_at is set in the transaction that did the work.';
create index jobs_due_idx on app_private.jobs (run_after) where done_at is null;
alter table app_private.jobs enable row level security;
grant select, insert, update, delete on app_private.jobs to service_role;
