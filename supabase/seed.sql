-- Demo and reference data for a fresh database: the actors named in the council paper
-- (FB 02/0083/WP16). Idempotent. Demo accounts are created by the app's seed step
-- (`npm run db:seed`), which hashes their passwords with bcrypt.

insert into public.organizations (short_name, name, kind, website) values
  ('Stadt Aachen FB 02', 'Stadt Aachen – Fachbereich Wirtschaft, Wissenschaft, Digitalstadt und Europa', 'administration', 'https://www.aachen.de'),
  ('StädteRegion', 'StädteRegion Aachen', 'regional_authority', 'https://www.staedteregion-aachen.de'),
  ('Zweckverband', 'Zweckverband Region Aachen', 'association', 'https://www.regionaachen.de'),
  ('DGB', 'Deutscher Gewerkschaftsbund – Region NRW Süd-West', 'union', 'https://nrw-sued-west.dgb.de'),
  ('AGIT', 'Aachener Gesellschaft für Innovation und Technologietransfer', 'agency', 'https://www.agit.de'),
  ('IHK', 'IHK Aachen', 'chamber', 'https://www.aachen.ihk.de'),
  ('HWK', 'Handwerkskammer Aachen', 'chamber', 'https://www.hwk-aachen.de'),
  ('IRR', 'Innovationsregion Rheinisches Revier', 'agency', 'https://www.rheinisches-revier.de'),
  ('MAIS NRW', 'Ministerium für Arbeit, Integration und Soziales NRW', 'ministry', null),
  ('MWEIMH NRW', 'Ministerium für Wirtschaft, Energie, Industrie, Mittelstand und Handwerk NRW', 'ministry', null),
  ('Gründerregion', 'Gründerregion Aachen', 'network', null)
on conflict (short_name) do nothing;
