import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';

export interface ThemeSummary {
  themeId: string;
  code: string;
  slug: string;
  name: string;
  description: string;
}

/** The four Themenfelder in order, named in the reader's language. */
export async function listThemes(tx: Tx, locale: Locale): Promise<ThemeSummary[]> {
  const { rows } = await tx.query<{
    theme_id: string;
    code: string;
    slug: string;
    name: string;
    description: string;
  }>(
    `select t.theme_id, t.code, t.slug,
            case when $1 = 'en' then t.name_en else t.name_de end as name,
            case when $1 = 'en' then t.description_en else t.description_de end as description
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
  }));
}

/** How many measures the caller may see per Themenfeld (RLS decides), keyed by theme id. */
export async function countMeasuresByTheme(tx: Tx): Promise<Record<string, number>> {
  const { rows } = await tx.query<{ theme_id: string; count: number }>(
    'select theme_id, count(*)::int as count from public.measures group by theme_id',
  );
  return Object.fromEntries(rows.map((row) => [row.theme_id, row.count]));
}
