-- Adopted minutes are the record: their rendered HTML is locked like their text (the guard on
-- public.meetings already locks minutes_text), so nothing — not even service_role — changes what
-- was adopted. Same constraint name as the text's lock, so callers see one refusal.
create or replace function app_private.lock_approved_minutes_html() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if old.minutes_status = 'approved' and new.minutes_html is distinct from old.minutes_html then
    raise exception 'approved minutes are locked'
      using errcode = '42501', constraint = 'meetings_minutes_locked';
  end if;
  return new;
end
$$;
comment on function app_private.lock_approved_minutes_html() is 'Refuses changes to the rendered HTML of adopted minutes.';
revoke all on function app_private.lock_approved_minutes_html() from public, anon, authenticated;
create trigger meetings_lock_approved_minutes_html before update of minutes_html on public.meetings
  for each row execute function app_private.lock_approved_minutes_html();
