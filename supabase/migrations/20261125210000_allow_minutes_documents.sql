-- Meeting minutes become a co-edited document (`minutes:<meeting_id>`) on the collab server, stored
-- like a measure's text. The collab tables accept both document kinds; the meeting keeps the
-- rendered minutes (plain text for search and lists, sanitised HTML for the read-only view), which
-- only the collab server writes, as service_role, and never once the minutes are approved.

alter table collab.document_updates drop constraint document_updates_document_id_check;
alter table collab.document_updates add constraint document_updates_document_id_check
  check (document_id ~ '^(measure|minutes):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');
comment on constraint document_updates_document_id_check on collab.document_updates is
  'A document is a measure''s text (measure:<uuid>) or a meeting''s minutes (minutes:<uuid>).';

alter table collab.document_snapshots drop constraint document_snapshots_document_id_check;
alter table collab.document_snapshots add constraint document_snapshots_document_id_check
  check (document_id ~ '^(measure|minutes):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');
comment on constraint document_snapshots_document_id_check on collab.document_snapshots is
  'A document is a measure''s text (measure:<uuid>) or a meeting''s minutes (minutes:<uuid>).';

alter table public.meetings
  add column minutes_html text not null default '' check (char_length(minutes_html) <= 1000000);
comment on column public.meetings.minutes_html is 'Sanitised HTML of the co-edited minutes (minutes:<meeting_id>), rendered by the collab server; the read-only view before the editor loads.';
comment on column public.meetings.minutes_text is 'Plain text of the co-edited minutes (minutes:<meeting_id>), rendered by the collab server; unchanged once the minutes are approved.';
