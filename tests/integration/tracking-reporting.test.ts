import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import type { Tx } from '../../app/lib/db/with-user.server';
import { masterplanDocx, statusReportDocx } from '../../app/lib/exports/docx.server';
import {
  loadMasterplan,
  loadStatusReport,
  MASTERPLAN_STATUSES,
} from '../../app/lib/exports/masterplan.server';
import { loadMeasureList, measureListXlsx } from '../../app/lib/exports/measure-list.server';
import { translator } from '../../app/lib/i18n/i18n';
import { getDashboard } from '../../app/lib/tracking/dashboard.server';
import { addDays } from '../../app/lib/tracking/dates';
import {
  actAs,
  buildScenario,
  createMeasure,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

const t = translator('de');
const TODAY = '2030-06-15';
let scenario: Scenario;
/** title → measure id of the measures made here (status agreed or later unless noted). */
const made: Record<string, string> = {};

/** The entries of a ZIP archive (DOCX, XLSX) by name, from its central directory. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  for (let index = 0; index < count; index += 1) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart =
      local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

interface DocxParagraph {
  style: string | null;
  text: string;
}

function readDocx(buffer: Buffer): { paragraphs: DocxParagraph[]; tableRows: string[][][] } {
  const xml = unzip(buffer).get('word/document.xml')?.toString('utf8');
  if (!xml) throw new Error('no word/document.xml in the DOCX');
  const textOf = (fragment: string) =>
    [...fragment.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: textOf(p),
  }));
  const tableRows = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([table]) =>
    [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([row]) =>
      [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) => textOf(cell)),
    ),
  );
  return { paragraphs, tableRows };
}

async function measureWith(title: string, fields: Parameters<typeof createMeasure>[1] = {}) {
  // A Leitprojekt needs a network or a justification at commit: created open, then classified.
  const id = await createMeasure(scenario, { ...fields, kind: 'open' });
  await withService((tx) =>
    tx.query(
      `update public.measures
          set title = $2, summary = 'Kurz und knapp.', kind = $3,
              new_structure_justification = 'Kein bestehendes Netzwerk deckt das ab.'
        where measure_id = $1`,
      [id, title, fields?.kind ?? 'open'],
    ),
  );
  made[title] = id;
  return id;
}

beforeAll(async () => {
  scenario = await buildScenario();
  const quickWin = await measureWith('Ausbildungsbotschafter an Schulen', {
    status: 'in_progress',
    kind: 'quick_win',
    visibility: 'public',
  });
  await measureWith('Vertrauliche Standortsuche', { status: 'agreed', visibility: 'group' });
  await measureWith('Plattform-Netzwerk Transfer', { status: 'done', visibility: 'platform' });
  await measureWith('Öffentliche Idee ohne Einigung', { status: 'draft', visibility: 'public' });
  await measureWith('Leitprojekt Campus Industrie', {
    status: 'agreed',
    kind: 'flagship',
    visibility: 'public',
  });
  await measureWith('Quick Win der Gruppe B', {
    status: 'in_progress',
    kind: 'quick_win',
    visibility: 'group',
    groupId: scenario.groupB.id,
    themeId: scenario.groupB.themeId,
  });
  await withService(async (tx) => {
    await tx.query(
      `update public.measures set due_date = $2, content_html = '<h2>Ziel</h2><p>Mehr <strong>Azubis</strong>.</p><ul><li>Schulen</li><li>Betriebe</li></ul>'
        where measure_id = $1`,
      [quickWin, addDays(TODAY, 30)],
    );
    await tx.query(`update public.measures set due_date = $2 where measure_id = $1`, [
      made['Quick Win der Gruppe B'],
      addDays(TODAY, 60),
    ]);
    await tx.query(
      `insert into public.milestones (measure_id, title, due_date, done_date) values
         ($1, 'Auftakt mit den Schulen', '2030-01-10', '2030-01-09'),
         ($1, 'Erste Botschafter im Einsatz', '2030-05-01', null),
         ($2, 'Vertraulicher Termin', '2030-02-01', null),
         ($3, 'Gruppe B Meilenstein', '2030-03-01', null)`,
      [quickWin, made['Vertrauliche Standortsuche'], made['Quick Win der Gruppe B']],
    );
    await tx.query(
      `insert into public.indicators (indicator_id, measure_id, name, unit, baseline_value, baseline_date, target_value, target_date)
       values ('00000000-0000-4000-8000-000000000001', $1, 'Teilnehmende Schulen', 'Schulen', 0, '2030-01-01', 20, '2031-01-01')`,
      [quickWin],
    );
    await tx.query(
      `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, source)
       values ('00000000-0000-4000-8000-000000000001', $1, 5, '2030-03-01', 'Schulamt'),
              ('00000000-0000-4000-8000-000000000001', $1, 8, '2030-05-01', 'Schulamt')`,
      [quickWin],
    );
    await tx.query(
      `insert into public.check_ins (measure_id, period, requested_at, due_date, state, assessment, blockers, submitted_at)
       values ($1, '2030-05', now(), '2030-05-15', 'submitted', 'at_risk', 'Lehrkräftemangel', now()),
              ($2, '2030-05', now(), '2030-05-15', 'open', null, '', null)`,
      [quickWin, made['Quick Win der Gruppe B']],
    );
  });
});

describe('Masterplan DOCX', () => {
  it('has one heading per Themenfeld and per visible measure of status agreed or later, with facts, text, milestone and indicator tables', async () => {
    const themes = await actAs(scenario, 'admin', (tx) => loadMasterplan(tx, 'de'));
    const buffer = await masterplanDocx(themes, t, 'de', TODAY);
    const { paragraphs, tableRows } = readDocx(buffer);
    const expected = await actAs(
      scenario,
      'admin',
      async (tx) =>
        (
          await tx.query<{ count: number }>(
            'select count(*)::int as count from public.measures where status = any($1::text[])',
            [MASTERPLAN_STATUSES],
          )
        ).rows[0]!.count,
    );

    expect(paragraphs.filter((p) => p.style === 'Title').map((p) => p.text)).toEqual([
      'Masterplan Industrieregion Aachen',
    ]);
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      'SK Standortkommunikation',
      'FK Fachkräfte',
      'IN Innovationen',
      'RB Rahmenbedingungen',
    ]);
    const measureHeadings = paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text);
    expect(measureHeadings).toHaveLength(expected);
    expect(measureHeadings.some((h) => h.endsWith('Ausbildungsbotschafter an Schulen'))).toBe(true);
    expect(measureHeadings.some((h) => h.endsWith('Öffentliche Idee ohne Einigung'))).toBe(false);
    // One block of facts per measure (kind, status, lead, partners, progress).
    const facts = paragraphs.filter((p) => p.text.startsWith('Art: '));
    expect(facts).toHaveLength(expected);
    expect(facts.map((p) => p.text)).toContain(
      'Art: Quick WinStatus: In UmsetzungFederführung: AGITPartner: —Fortschritt: 40 %',
    );
    const milestoneTable = tableRows.find(
      (rows) =>
        rows[0]?.[0] === 'Meilenstein' && rows.some((r) => r[0] === 'Auftakt mit den Schulen'),
    );
    expect(milestoneTable?.slice(1)).toEqual([
      ['Auftakt mit den Schulen', '10.01.2030', '09.01.2030', '—'],
      ['Erste Botschafter im Einsatz', '01.05.2030', '—', '—'],
    ]);
    const indicatorTable = tableRows.find((rows) => rows[0]?.[0] === 'Indikator');
    expect(indicatorTable?.[1]).toEqual([
      'Teilnehmende Schulen (Schulen)',
      '0 (01.01.2030)',
      '20 (01.01.2031)',
      '8 (01.05.2030)',
      '40 %',
    ]);
    // The rendered text comes across as headings, bold runs and list items.
    expect(paragraphs.some((p) => p.style === 'Heading3' && p.text === 'Ziel')).toBe(true);
    expect(paragraphs.some((p) => p.text === 'Mehr Azubis.')).toBe(true);
    expect(paragraphs.some((p) => p.style === 'ListParagraph' && p.text === 'Betriebe')).toBe(true);
    // A table of contents field that Word and LibreOffice fill in on opening.
    expect(unzip(buffer).get('word/document.xml')!.toString()).toContain(
      'TOC \\h \\o &quot;1-2&quot;',
    );
  });

  it('holds only what the reader may see: a member of group B gets no drafts of group A', async () => {
    const themes = await actAs(scenario, 'memberB', (tx) => loadMasterplan(tx, 'de'));
    const { paragraphs } = readDocx(await masterplanDocx(themes, t, 'de', TODAY));
    const text = paragraphs.map((p) => p.text).join('\n');
    expect(text).not.toContain('Vertrauliche Standortsuche');
    expect(text).toContain('Plattform-Netzwerk Transfer');
    expect(text).toContain('Quick Win der Gruppe B');
  });
});

describe('Sachstandsbericht DOCX', () => {
  it('is shaped like a Vorlage and lists Quick Wins and Leitprojekte with progress, next milestone and blockers', async () => {
    const report = await actAs(scenario, 'admin', (tx) => loadStatusReport(tx, 'de', TODAY));
    const { paragraphs, tableRows } = readDocx(await statusReportDocx(report, t, 'de', TODAY));
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      'Betreff',
      'Beschlussvorschlag',
      'Sachverhalt',
      'Anlagen',
    ]);
    const rows = tableRows.flatMap((table) => table.slice(1));
    const quickWin = rows.find((row) => row[1]?.startsWith('Ausbildungsbotschafter an Schulen'));
    expect(quickWin?.slice(2)).toEqual([
      'Quick Win',
      'In Umsetzung',
      '40 %',
      'Erste Botschafter im Einsatz (01.05.2030)',
      'Lehrkräftemangel',
    ]);
    expect(rows.some((row) => row[1]?.startsWith('Leitprojekt Campus Industrie'))).toBe(true);
    expect(rows.some((row) => row[1]?.startsWith('Plattform-Netzwerk Transfer'))).toBe(false);
    expect(paragraphs.some((p) => p.text.startsWith('Anlage 1: Masterplan'))).toBe(true);
  });
});

describe('measure list XLSX', () => {
  it('has a header and one row per measure of the filtered list', async () => {
    const rows = await actAs(scenario, 'admin', (tx) =>
      loadMeasureList(tx, { mine: false, kind: 'quick_win' }, 'de', t),
    );
    const workbook = new ExcelJS.Workbook();
    const xlsx = await measureListXlsx(rows, t);
    await workbook.xlsx.load(
      xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain('Kürzel');
    expect(sheet.rowCount).toBe(rows.length + 1);
    const titles = rows.map((row) => row.title);
    expect(titles).toContain('Ausbildungsbotschafter an Schulen');
    expect(titles).toContain('Quick Win der Gruppe B');
    expect(titles).not.toContain('Leitprojekt Campus Industrie');
  });
});

describe('public Masterplan', () => {
  it('shows only measures marked public, read as anon, with 0 confidential rows', async () => {
    const themes = await actAs(scenario, 'anon', (tx) =>
      loadMasterplan(tx, 'de', ['idea', 'draft', 'consultation', 'agreed', 'in_progress', 'done']),
    );
    const titles = themes.flatMap((theme) => theme.measures.map((m) => m.title));
    expect(titles).toContain('Ausbildungsbotschafter an Schulen');
    expect(titles).toContain('Leitprojekt Campus Industrie');
    expect(titles).not.toContain('Vertrauliche Standortsuche');
    expect(titles).not.toContain('Plattform-Netzwerk Transfer');
    expect(titles).not.toContain('Quick Win der Gruppe B');

    const confidential = await actAs(scenario, 'anon', async (tx) => {
      const count = async (sql: string) => (await tx.query<{ n: number }>(sql)).rows[0]!.n;
      return {
        measures: await count(
          "select count(*)::int as n from public.measures where visibility <> 'public'",
        ),
        milestones: await count(
          `select count(*)::int as n from public.milestones ms
            where not exists (select 1 from public.measures m where m.measure_id = ms.measure_id)`,
        ),
        ownMilestoneRows: await count(
          "select count(*)::int as n from public.milestones where title in ('Vertraulicher Termin', 'Gruppe B Meilenstein')",
        ),
        values: await count('select count(*)::int as n from public.indicator_values'),
      };
    });
    expect(confidential).toEqual({ measures: 0, milestones: 0, ownMilestoneRows: 0, values: 2 });
  });

  it('never lets anon read check-ins, assessments, decisions, authors or notifications', async () => {
    for (const sql of [
      'select check_in_id from public.check_ins',
      'select assessment_id from public.measure_assessments',
      'select decision_id from public.classification_decisions',
      'select notification_id from public.notifications',
      'select created_by from public.milestones',
      'select entered_by from public.indicator_values',
      'select source from public.indicator_values',
    ]) {
      await expect(
        actAs(scenario, 'anon', (tx) => tx.query(sql)),
        sql,
      ).rejects.toMatchObject({
        code: '42501',
      });
    }
  });
});

describe('dashboard', () => {
  async function sqlCounts(tx: Tx) {
    const one = async (sql: string, values: unknown[] = []) =>
      (await tx.query<{ n: number }>(sql, values)).rows[0]!.n;
    const { rows: byStatus } = await tx.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from public.measures group by status',
    );
    const { rows: byTheme } = await tx.query<{ code: string; n: number }>(
      `select t.code, count(m.measure_id)::int as n from public.themes t
         left join public.measures m on m.theme_id = t.theme_id group by t.code`,
    );
    return {
      total: await one('select count(*)::int as n from public.measures'),
      byStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.n])),
      byTheme: Object.fromEntries(byTheme.map((row) => [row.code, row.n])),
      quickWins: await one(
        "select count(*)::int as n from public.measures where kind = 'quick_win'",
      ),
      quickWinsDueSoon: await one(
        `select count(*)::int as n from public.measures
          where kind = 'quick_win' and status not in ('done', 'discarded')
            and due_date between $1::date and $1::date + 90`,
        [TODAY],
      ),
      overdueMilestones: await one(
        'select count(*)::int as n from public.milestones where done_date is null and due_date < $1::date',
        [TODAY],
      ),
      staleCheckIns: await one(
        "select count(*)::int as n from public.check_ins where state = 'open' and due_date < $1::date",
        [TODAY],
      ),
    };
  }

  it.each<SignedInPersona>(['admin', 'moderatorA', 'memberB', 'observer'])(
    'numbers for %s equal direct SQL counts under the same role',
    async (persona) => {
      const { dashboard, expected } = await actAs(scenario, persona, async (tx) => ({
        dashboard: await getDashboard(tx, { mine: false }, 'de', TODAY),
        expected: await sqlCounts(tx),
      }));
      const { total } = dashboard;
      expect(total.total).toBe(expected.total);
      for (const [status, count] of Object.entries(total.byStatus))
        expect(count, status).toBe(expected.byStatus[status] ?? 0);
      expect(
        Object.fromEntries(dashboard.themes.map((theme) => [theme.code, theme.tally.total])),
      ).toEqual(expected.byTheme);
      expect(total.byKind.quick_win).toBe(expected.quickWins);
      expect(total.quickWinsDueSoon).toBe(expected.quickWinsDueSoon);
      expect(total.overdueMilestones).toBe(expected.overdueMilestones);
      expect(total.staleCheckIns).toBe(expected.staleCheckIns);
      expect(dashboard.organizations.reduce((sum, o) => sum + o.tally.total, 0)).toBe(
        expected.total,
      );
    },
  );

  it('an admin sees group B’s stale check-in and overdue milestone; group A’s moderator does not', async () => {
    const admin = await actAs(scenario, 'admin', (tx) =>
      getDashboard(tx, { mine: false }, 'de', TODAY),
    );
    const moderator = await actAs(scenario, 'moderatorA', (tx) =>
      getDashboard(tx, { mine: false }, 'de', TODAY),
    );
    expect(admin.staleCheckIns.map((c) => c.title)).toContain('Quick Win der Gruppe B');
    expect(moderator.staleCheckIns.map((c) => c.title)).not.toContain('Quick Win der Gruppe B');
    expect(admin.overdueMilestones.map((m) => m.milestoneTitle)).toContain('Gruppe B Meilenstein');
    expect(moderator.overdueMilestones.map((m) => m.milestoneTitle)).toEqual(
      expect.arrayContaining(['Erste Botschafter im Einsatz', 'Vertraulicher Termin']),
    );
    expect(moderator.overdueMilestones.map((m) => m.milestoneTitle)).not.toContain(
      'Gruppe B Meilenstein',
    );
  });

  it('follows the board filter plus a Themenfeld: Quick Wins, then Fachkräfte Quick Wins only', async () => {
    const quickWins = await actAs(scenario, 'admin', (tx) =>
      getDashboard(tx, { mine: false, kind: 'quick_win' }, 'de', TODAY),
    );
    expect(quickWins.total.byKind.flagship).toBe(0);
    expect(quickWins.total.total).toBe(quickWins.total.byKind.quick_win);
    expect(quickWins.quickWinsDueSoon.map((m) => m.title)).toEqual([
      'Ausbildungsbotschafter an Schulen',
      'Quick Win der Gruppe B',
    ]);
    const fachkraefte = await actAs(scenario, 'admin', (tx) =>
      getDashboard(tx, { mine: false, kind: 'quick_win', theme: 'fachkraefte' }, 'de', TODAY),
    );
    expect(fachkraefte.quickWinsDueSoon.map((m) => m.title)).toEqual([
      'Ausbildungsbotschafter an Schulen',
    ]);
    expect(
      fachkraefte.themes.filter((theme) => theme.tally.total > 0).map((theme) => theme.code),
    ).toEqual(['FK']);
    const list = await actAs(scenario, 'admin', (tx) =>
      loadMeasureList(tx, { mine: false, theme: 'fachkraefte' }, 'de', t),
    );
    expect(new Set(list.map((row) => row.theme))).toEqual(new Set(['Fachkräfte']));
  });
});
