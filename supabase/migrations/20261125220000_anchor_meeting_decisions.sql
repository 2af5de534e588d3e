-- Decisions anchor to the passage of the measure's text they settle, like comment threads (encoded
-- Yjs relative positions, so the passage follows everyone's edits). Existing decisions keep only
-- their quoted passage (anchor null).

-- ───────────────────────────── anchored decisions ─────────────────────────────
alter table public.meeting_decisions
  add column anchor_start bytea,
  add column anchor_end bytea,
  add constraint meeting_decisions_anchor_paired check ((anchor_start is null) = (anchor_end is null)),
  add constraint meeting_decisions_anchor_size
    check (octet_length(anchor_start) <= 256 and octet_length(anchor_end) <= 256);
comment on column public.meeting_decisions.anchor_start is 'Start of the settled passage as an encoded Yjs relative position in measure:<measure_id> (null: the decision concerns the whole measure, or predates anchoring).';
comment on column public.meeting_decisions.anchor_end is 'End of the settled passage as an encoded Yjs relative position; set together with anchor_start.';
comment on column public.meeting_decisions.passage is 'The passage as it read when the decision was recorded (the anchored selection''s text).';
