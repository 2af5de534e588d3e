-- A check-in schedule records who changed it last: updated_by follows the session on every insert
-- and update (the generic stamp_author keeps the first author, which is right for history rows
-- such as milestones, not for a setting).

create or replace function app_private.stamp_editor() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user = 'authenticated' then
    new.updated_by := (select auth.uid());
  end if;
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return new;
end
$$;
comment on function app_private.stamp_editor() is 'Sets updated_by (and updated_at) of a settings row from the session.';

drop trigger check_in_schedules_stamp_author on public.check_in_schedules;
create trigger check_in_schedules_stamp_editor before insert or update on public.check_in_schedules
  for each row execute function app_private.stamp_editor();
