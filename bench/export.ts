/**
 * npm run bench:export — time and memory to export 1,000 measures as an admin: the Masterplan
 * DOCX, the Sachstandsbericht DOCX and the measure list as XLSX and CSV. Target (issue): each
 * export of 1,000 measures in under 10 s. BENCH_DATABASE_URL runs it on a Postgres server.
 */
import { withService } from '../app/lib/db/with-service.server';
import { withUser } from '../app/lib/db/with-user.server';
import { masterplanDocx, statusReportDocx } from '../app/lib/exports/docx.server';
import { loadMasterplan, loadStatusReport } from '../app/lib/exports/masterplan.server';
import {
  loadMeasureList,
  measureListCsv,
  measureListXlsx,
} from '../app/lib/exports/measure-list.server';
import { translator } from '../app/lib/i18n/i18n';
import { createTestAccount } from '../tests/fixtures/accounts';
import { ms, openBenchDatabase } from './support';

const MEASURES = Number(process.env.BENCH_MEASURES ?? 1000);
const TARGET_MS = 10_000;
const TODAY = '2030-06-15';

const database = await openBenchDatabase();
const admin = await createTestAccount({
  platformRole: 'admin',
  organizationShortName: 'Stadt Aachen FB 02',
  displayName: 'Bench Verwaltung',
});
const t = translator('de');

const TEXT = `<h2>Ziel</h2><p>Die Maßnahme stärkt die <strong>Industrieregion Aachen</strong> durch
Kooperation von Hochschulen, Kammern und Betrieben.</p><ul><li>Berufsorientierung an Schulen</li>
<li>Weiterbildung in Betrieben</li><li>Transfer aus der Forschung</li></ul><p>${'Ausführliche Beschreibung mit Zielgruppen, Zeitplan und Finanzierung. '.repeat(8)}</p>`;

const seedStarted = performance.now();
await withService(async (tx) => {
  const { rows: themes } = await tx.query<{ theme_id: string }>(
    'select theme_id from public.themes order by position',
  );
  const { rows: orgs } = await tx.query<{ organization_id: string }>(
    'select organization_id from public.organizations',
  );
  const kinds = ['quick_win', 'flagship', 'masterplan_project', 'quick_win'];
  const statuses = ['agreed', 'in_progress', 'done', 'in_progress'];
  for (let i = 0; i < MEASURES; i += 1) {
    const { rows } = await tx.query<{ measure_id: string }>(
      `insert into public.measures (theme_id, title, summary, kind, status, visibility, progress, due_date,
                                    new_structure_justification, content_html)
       values ($1, $2, $3, $4, $5, 'platform', $6, '2030-09-01', 'Begründung für eine neue Struktur in der Region.', $7)
       returning measure_id`,
      [
        themes[i % themes.length]!.theme_id,
        `Maßnahme ${i + 1}: Fachkräfte und Innovation in der Industrieregion`,
        'Kurzbeschreibung einer Beispielmaßnahme für den Benchmark.',
        kinds[i % kinds.length],
        statuses[i % statuses.length],
        i % 100,
        TEXT,
      ],
    );
    const measureId = rows[0]!.measure_id;
    await tx.query(
      `insert into public.measure_organizations (measure_id, organization_id, role)
       values ($1, $2, 'lead'), ($1, $3, 'partner')`,
      [
        measureId,
        orgs[i % orgs.length]!.organization_id,
        orgs[(i + 1) % orgs.length]!.organization_id,
      ],
    );
    await tx.query(
      `insert into public.milestones (measure_id, title, due_date, done_date) values
         ($1, 'Auftakt', '2030-01-15', '2030-01-14'), ($1, 'Zwischenbericht', '2030-09-30', null)`,
      [measureId],
    );
    const { rows: indicators } = await tx.query<{ indicator_id: string }>(
      `insert into public.indicators (measure_id, name, unit, baseline_value, baseline_date, target_value, target_date)
       values ($1, 'Teilnehmende Betriebe', 'Betriebe', 0, '2030-01-01', 50, '2031-12-31') returning indicator_id`,
      [measureId],
    );
    await tx.query(
      `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, source)
       values ($1, $2, 10, '2030-03-01', 'Bench'), ($1, $2, 20, '2030-06-01', 'Bench')`,
      [indicators[0]!.indicator_id, measureId],
    );
  }
  await tx.query('analyze');
});
console.log(`seeded ${MEASURES} measures in ${ms(performance.now() - seedStarted)}`);

async function measure(name: string, run: () => Promise<number>): Promise<boolean> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const bytes = await run();
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const isFast = elapsed < TARGET_MS;
  console.log(
    `${name.padEnd(26)} ${ms(elapsed).padStart(11)}  ${(bytes / 1024).toFixed(0).padStart(6)} KiB  ` +
      `peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB (+${((peakRss - before.rss) / 1024 / 1024).toFixed(0)} MiB)  ` +
      `${isFast ? 'ok' : 'SLOWER THAN 10 s'}`,
  );
  return isFast;
}

const asAdmin = <T>(fn: Parameters<typeof withUser<T>>[1]) => withUser(admin.claims, fn);
const results = [
  await measure('Masterplan DOCX', async () => {
    const themes = await asAdmin((tx) => loadMasterplan(tx, 'de'));
    return (await masterplanDocx(themes, t, 'de', TODAY)).length;
  }),
  await measure('Sachstandsbericht DOCX', async () => {
    const report = await asAdmin((tx) => loadStatusReport(tx, 'de', TODAY));
    return (await statusReportDocx(report, t, 'de', TODAY)).length;
  }),
  await measure('Maßnahmenliste XLSX', async () => {
    const rows = await asAdmin((tx) => loadMeasureList(tx, { mine: false }, 'de', t));
    return (await measureListXlsx(rows, t)).length;
  }),
  await measure('Maßnahmenliste CSV', async () => {
    const rows = await asAdmin((tx) => loadMeasureList(tx, { mine: false }, 'de', t));
    let bytes = 0;
    const reader = measureListCsv(rows, t).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      bytes += chunk.value.length;
    return bytes;
  }),
];

await database.close();
console.log(results.every(Boolean) ? 'all exports within 10 s' : 'some exports took 10 s or more');
process.exit(results.every(Boolean) ? 0 : 1);
