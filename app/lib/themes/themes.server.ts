import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';

export interface ThemeSummary {
  themeId: string;
  code: string;
  slug: string;
  name: string;
  description: string;
  measureCount: number;
}

/** The four Themenfelder in order, with how many measures the caller may see in each. */
export async function listThemes(tx: Tx, locale: Locale): Promise<ThemeSummary[]> {
  const { rows } = await tx.query<{
    theme_id: string;
    code: string;
    slug: string;
    name: string;
    description: string;
    measure_count: number;
  }>(
    `select t.theme_id, t.code, t.slug,
            case when $1 = 'en' then t.name_en else t.name_de end as name,
            case when $1 = 'en' then t.description_en else t.description_de end as description,
            (select count(*) from public.measures m where m.theme_id = t.theme_id)::int as measure_count
       from public.themes t
      order by t.position`,
    [locale],
  );
  return rows.map((row) => ({
    themeId: row.theme_id,
    code: row.code,
    slug: row.slug,
    name: row.name,
    description: row.description,
    measureCount: row.measure_count,
  }));
}
