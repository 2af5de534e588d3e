/**
 * npm run bench:board — the board with 1,000 measures, rendered on the server for a member, and the
 * cost of RLS: the board query as that member versus the same query as service_role.
 * Targets (issue): render median ≤ 60 ms, p95 ≤ 120 ms; RLS ratio ≤ 1.5×.
 */
import { writeFileSync } from 'node:fs';
import { runAs } from '../app/lib/db/transaction.server';
import { withService } from '../app/lib/db/with-service.server';
import { withUser } from '../app/lib/db/with-user.server';
import { listMeasures } from '../app/lib/measures/measures.server';
import { createTestAccount, TEST_PASSWORD } from '../tests/fixtures/accounts';
import { startTestServer, TestBrowser } from '../tests/setup/app-server';
import { ms, openBenchDatabase, summarize } from './support';

const MEASURES = Number(process.env.BENCH_MEASURES ?? 1000);
const GROUPS = 20;
const RENDERS = Number(process.env.BENCH_RENDERS ?? 60);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

const database = await openBenchDatabase();
const member = await createTestAccount({
  organizationShortName: 'DGB',
  displayName: 'Bench Mitglied',
});

await withService(async (tx) => {
  const { rows: themes } = await tx.query<{ theme_id: string }>(
    'select theme_id from public.themes order by position',
  );
  const { rows: orgs } = await tx.query<{ organization_id: string }>(
    'select organization_id from public.organizations',
  );
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    const { rows } = await tx.query<{ working_group_id: string }>(
      'insert into public.working_groups (theme_id, name) values ($1, $2) returning working_group_id',
      [themes[g % themes.length]!.theme_id, `Bench-Gruppe ${g + 1}`],
    );
    groups.push(rows[0]!.working_group_id);
  }
  // The member belongs to 2 of 20 groups: most group drafts are invisible to them, as in real use.
  for (const groupId of groups.slice(0, 2)) {
    await tx.query(
      "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
      [groupId, member.userId],
    );
  }
  const visibilities = ['group', 'group', 'platform', 'public'];
  const kinds = ['quick_win', 'flagship', 'masterplan_project', 'open'];
  for (let i = 0; i < MEASURES; i += 1) {
    const { rows } = await tx.query<{ measure_id: string }>(
      `insert into public.measures (theme_id, working_group_id, title, summary, kind, visibility, new_structure_justification)
       values ($1, $2, $3, $4, $5, $6, 'Begründung für eine neue Struktur in der Region.') returning measure_id`,
      [
        themes[i % themes.length]!.theme_id,
        groups[i % GROUPS],
        `Maßnahme ${i + 1}: Fachkräfte und Innovation in der Industrieregion`,
        'Kurzbeschreibung einer Beispielmaßnahme für den Benchmark mit etwas Text.',
        kinds[i % kinds.length],
        visibilities[i % visibilities.length],
      ],
    );
    await tx.query(
      "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'lead')",
      [rows[0]!.measure_id, orgs[i % orgs.length]!.organization_id],
    );
  }
  await tx.query('analyze');
});

const visible = await withUser(member.claims, (tx) =>
  listMeasures(tx, { mine: false }, { isSignedIn: true }),
);

// The board query as the member (RLS) and as service_role (no RLS) — same SQL, same transaction shape.
/** Member and service_role alternate, so drift in the machine's load hits both sides alike. */
async function timeQueries(rounds: number): Promise<{ member: number[]; service: number[] }> {
  const member_: number[] = [];
  const service: number[] = [];
  const once = async (role: 'authenticated' | 'service_role', into: number[]) => {
    const claims = role === 'authenticated' ? member.claims : { role: 'service_role' };
    const started = performance.now();
    await runAs(role, claims, (tx) => listMeasures(tx, { mine: false }, { isSignedIn: true }));
    into.push(performance.now() - started);
  };
  for (let i = 0; i < rounds; i += 1) {
    if (i % 2 === 0) {
      await once('authenticated', member_);
      await once('service_role', service);
    } else {
      await once('service_role', service);
      await once('authenticated', member_);
    }
  }
  return { member: member_, service };
}
await timeQueries(Math.min(QUERIES, 50));
const timed = await timeQueries(QUERIES);
const asMember = summarize(timed.member);
const asService = summarize(timed.service);

const server = await startTestServer();
const browser = new TestBrowser(server.url);
await browser.signIn(member.email, TEST_PASSWORD);
let bytes = 0;
const renders: number[] = [];
for (let i = 0; i < RENDERS + 5; i += 1) {
  const started = performance.now();
  const response = await browser.request('/');
  const html = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200) throw new Error(`board answered ${response.status}`);
  if (i >= 5) renders.push(elapsed);
  bytes = html.length;
  // BENCH_DUMP=<file> keeps the last page for inspecting what the board sends.
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, html);
}
const render = summarize(renders);
await server.close();
await database.close();

const ratio = asMember.median / asService.median;
console.log(
  `\nbench:board — ${MEASURES} measures, ${visible.length} visible to the member, database: ${database.kind}`,
);
console.table({
  'board page (member, server-rendered)': {
    median: ms(render.median),
    p95: ms(render.p95),
    target: 'median ≤ 60 ms, p95 ≤ 120 ms',
    n: render.n,
  },
  'board query as member (RLS)': {
    median: ms(asMember.median),
    p95: ms(asMember.p95),
    target: '',
    n: asMember.n,
  },
  'board query as service_role': {
    median: ms(asService.median),
    p95: ms(asService.p95),
    target: '',
    n: asService.n,
  },
});
console.log(`page size: ${(bytes / 1024).toFixed(0)} KiB`);
console.log(
  `RLS cost ratio (member / service_role, medians): ${ratio.toFixed(2)}× (target ≤ 1.5×)`,
);
console.log(
  `verdict: render ${render.median <= 60 && render.p95 <= 120 ? 'within' : 'OUTSIDE'} target; RLS ratio ${ratio <= 1.5 ? 'within' : 'OUTSIDE'} target`,
);
