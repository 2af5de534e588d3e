-- Review notifications (mentions, replies, signatures needing renewal) are also e-mailed when SMTP
-- is configured: the scheduler claims each one once (emailed_at), like the check-in notifications.
alter table public.review_notifications add column emailed_at timestamptz;
comment on column public.review_notifications.emailed_at is 'When the scheduler claimed this notification for e-mail; null while not (or never) e-mailed.';
create index review_notifications_unmailed_idx on public.review_notifications (created_at)
  where emailed_at is null;
