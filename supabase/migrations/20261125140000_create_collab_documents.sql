-- Co-editing persistence: an append-only log of merged Yjs updates per document and a compacted
-- snapshot. Written only by the collab server as service_role; no API role can read or write it.
-- Compaction replaces the rows with seq <= upto_seq by the snapshot, in one transaction.

create schema if not exists collab;
revoke all on schema collab from public;
grant usage on schema collab to service_role;

create table collab.document_updates (
  seq bigint generated always as identity primary key,
  document_id text not null check (document_id ~ '^measure:[0-9a-f-]{36}$'),
  update bytea not null,
  user_ids uuid[] not null default '{}',
  created_at timestamptz not null default now()
);
comment on table collab.document_updates is 'Append-only Yjs updates (V1), merged over a short window per document; acknowledged to editors only after commit.';
create index document_updates_document_seq_idx on collab.document_updates (document_id, seq);

create table collab.document_snapshots (
  document_id text primary key check (document_id ~ '^measure:[0-9a-f-]{36}$'),
  state bytea not null,
  upto_seq bigint not null,
  updated_at timestamptz not null default now()
);
comment on table collab.document_snapshots is 'Compacted Yjs state of a document covering every update with seq <= upto_seq.';

alter table collab.document_updates enable row level security;
alter table collab.document_snapshots enable row level security;
grant select, insert, update, delete on all tables in schema collab to service_role;

-- What the signed-in user may do with a measure's document: 'edit', 'view' or null (no access).
-- Asked as the user, so the measures' RLS decides.
create or replace function public.measure_document_access(target uuid) returns text
language sql stable security invoker set search_path = ''
as $$
  select case
    when not exists (select 1 from public.measures m where m.measure_id = target) then null
    when app_private.can_write_measure(target) then 'edit'
    else 'view'
  end
$$;
comment on function public.measure_document_access(uuid) is 'edit | view | null for the caller on a measure''s co-edited text; follows the measures'' RLS.';
revoke all on function public.measure_document_access(uuid) from public, anon;
grant execute on function public.measure_document_access(uuid) to authenticated;
