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

-- Existing networks and bodies that measures build on (the paper's rule against Doppelstrukturen).
insert into public.networks (name, description, theme_ids, website)
select v.name, v.description,
       array(select t.theme_id from public.themes t where t.code = any (v.theme_codes)),
       v.website
  from (values
    ('Gründerregion Aachen', 'Netzwerk der Gründungsförderung in der Region Aachen.', array['IN', 'SK'], null),
    ('AGIT – Technologietransfer', 'Wirtschaftsförderung und Technologietransfer der Region (AGIT).', array['IN', 'RB'], 'https://www.agit.de'),
    ('Innovationsregion Rheinisches Revier', 'Strukturwandel-Agentur für das Rheinische Revier.', array['IN', 'RB', 'FK'], 'https://www.rheinisches-revier.de'),
    ('IHK-Industrieausschuss', 'Ausschuss der IHK Aachen für Industriefragen.', array['SK', 'RB'], null),
    ('HWK-Berufsbildungsausschuss', 'Ausschuss der Handwerkskammer Aachen für Aus- und Weiterbildung.', array['FK'], null),
    ('Zweckverband Region Aachen – Regionalmarketing', 'Regionale Standortkommunikation des Zweckverbands.', array['SK'], null)
  ) as v(name, description, theme_codes, website)
on conflict (name) do nothing;
