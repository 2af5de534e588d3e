import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { runDueJobs } from '../../app/lib/jobs/scheduler.server';
import { TEST_PASSWORD } from '../fixtures/accounts';
import {
  buildScenario,
  createMeasure,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

let server: TestServer;
let scenario: Scenario;
let measureId: string;
let indicatorId: string;

async function as(persona: SignedInPersona): Promise<TestBrowser> {
  const browser = new TestBrowser(server.url);
  const response = await browser.signIn(scenario.accounts[persona].email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  return browser;
}

beforeAll(async () => {
  server = await startTestServer();
  scenario = await buildScenario();
  measureId = await createMeasure(scenario, { status: 'in_progress', kind: 'quick_win' });
  indicatorId = await withService(async (tx) => {
    const { rows } = await tx.query<{ indicator_id: string }>(
      `insert into public.indicators (measure_id, name, unit, baseline_value, target_value)
       values ($1, 'Teilnehmende Betriebe', 'Betriebe', 0, 20) returning indicator_id`,
      [measureId],
    );
    return rows[0]!.indicator_id;
  });
});

afterAll(async () => {
  await server?.close();
});

describe('Umsetzung page', () => {
  it('opens for the group, is refused to another group (403) and sends visitors to sign in', async () => {
    const path = `/massnahmen/${measureId}/umsetzung`;
    expect((await (await as('memberA')).request(path)).status).toBe(200);
    expect((await (await as('memberB')).request(path)).status).toBe(403);
    const anon = await new TestBrowser(server.url).request(path);
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toMatch(/^\/anmelden\?redirectTo=/);
  });

  it('refuses an invalid milestone with a German field message and writes nothing; saves a valid one', async () => {
    const member = await as('memberA');
    const path = `/massnahmen/${measureId}/umsetzung`;
    const invalid = await member.request(path, {
      form: { intent: 'milestone.add', title: 'x', dueDate: '' },
    });
    expect(invalid.status).toBe(400);
    const html = await invalid.text();
    expect(html).toContain('Der Meilenstein braucht 3 bis 200 Zeichen.');
    expect(html).toContain('Bitte ein Fälligkeitsdatum angeben.');
    const saved = await member.request(path, {
      form: { intent: 'milestone.add', title: 'Kick-off mit den Betrieben', dueDate: '2031-02-01' },
    });
    expect(saved.status).toBe(200);
    const rows = await readAsService<{ title: string; created_by: string }>(
      'select title, created_by from public.milestones where measure_id = $1',
      [measureId],
    );
    expect(rows).toEqual([
      { title: 'Kick-off mit den Betrieben', created_by: scenario.accounts.memberA.userId },
    ]);
  });

  it('lets a member score but not decide the kind (403); the moderator decides', async () => {
    const path = `/massnahmen/${measureId}/umsetzung`;
    const decision = {
      intent: 'decide',
      kind: 'flagship',
      reason: 'Wirkt regional und langfristig.',
    };
    expect((await (await as('memberA')).request(path, { form: decision })).status).toBe(403);
    const moderator = await as('moderatorA');
    const refused = await moderator.request(path, { form: decision });
    // A Leitprojekt needs a network or a justification: the rule holds for decisions too.
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('braucht ein bestehendes Netzwerk');
    await withService((tx) =>
      tx.query('insert into public.measure_networks (measure_id, network_id) values ($1, $2)', [
        measureId,
        scenario.linkedNetworkId,
      ]),
    );
    const decided = await moderator.request(path, { form: decision });
    expect(decided.status).toBe(200);
    const [row] = await readAsService<{ kind: string }>(
      'select kind from public.measures where measure_id = $1',
      [measureId],
    );
    expect(row?.kind).toBe('flagship');
  });
});

describe('check-in answer', () => {
  it('records status, blockers and indicator values once, then refuses a second answer', async () => {
    await runDueJobs(new Date('2031-05-01T08:00:00Z'));
    const [checkIn] = await readAsService<{ check_in_id: string }>(
      "select check_in_id from public.check_ins where measure_id = $1 and period = '2031-05'",
      [measureId],
    );
    const path = `/check-ins/${checkIn!.check_in_id}`;
    const member = await as('memberA');
    expect((await member.request(path)).status).toBe(200);
    const answered = await member.request(path, {
      form: {
        assessment: 'at_risk',
        statusNote: 'Zwei Betriebe gewonnen.',
        nextMilestone: 'Dritter Betrieb im Juni',
        blockers: 'Fehlende Ausbilder',
        [`value:${indicatorId}`]: '5',
      },
    });
    expect(answered.status).toBe(302);
    expect(answered.headers.get('location')).toBe(`/massnahmen/${measureId}/umsetzung`);
    const [stored] = await readAsService<{ state: string; blockers: string; submitted_by: string }>(
      'select state, blockers, submitted_by from public.check_ins where check_in_id = $1',
      [checkIn!.check_in_id],
    );
    expect(stored).toEqual({
      state: 'submitted',
      blockers: 'Fehlende Ausbilder',
      submitted_by: scenario.accounts.memberA.userId,
    });
    const values = await readAsService<{ value: string; source: string }>(
      'select value::text, source from public.indicator_values where indicator_id = $1',
      [indicatorId],
    );
    expect(values).toEqual([{ value: '5', source: 'Check-in 2031-05' }]);
    const again = await member.request(path, { form: { assessment: 'on_track' } });
    expect(again.status).toBe(409);
  });

  it('refuses an answer without an assessment and writes nothing', async () => {
    await runDueJobs(new Date('2031-06-01T08:00:00Z'));
    const [checkIn] = await readAsService<{ check_in_id: string }>(
      "select check_in_id from public.check_ins where measure_id = $1 and period = '2031-06'",
      [measureId],
    );
    const response = await (
      await as('memberA')
    ).request(`/check-ins/${checkIn!.check_in_id}`, {
      form: { blockers: 'Keine' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Bitte angeben, wie die Umsetzung steht.');
    const [row] = await readAsService<{ state: string }>(
      'select state from public.check_ins where check_in_id = $1',
      [checkIn!.check_in_id],
    );
    expect(row?.state).toBe('open');
  });
});

describe('exports and the public page over HTTP', () => {
  it('serves the Masterplan and the Sachstandsbericht as DOCX and the list as CSV and XLSX', async () => {
    const observer = await as('observer');
    for (const [path, type] of [
      ['/berichte/masterplan.docx', 'wordprocessingml'],
      ['/berichte/sachstandsbericht.docx', 'wordprocessingml'],
      ['/berichte/massnahmen.xlsx?kind=quick_win', 'spreadsheetml'],
      ['/berichte/massnahmen.csv', 'text/csv'],
    ] as const) {
      const response = await observer.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toContain(type);
      expect(response.headers.get('content-disposition'), path).toMatch(/^attachment; filename="/);
    }
    const csv = Buffer.from(
      await (await observer.request('/berichte/massnahmen.csv')).arrayBuffer(),
    );
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.subarray(3).toString('utf8')).toMatch(/^Kürzel;Titel;Themenfeld;/);
    expect((await observer.request('/berichte/unbekannt.pdf')).status).toBe(404);
    expect((await new TestBrowser(server.url).request('/berichte/masterplan.docx')).status).toBe(
      302,
    );
  });

  it('shows the public Masterplan to a visitor without sign-in, with no confidential measure', async () => {
    const response = await new TestBrowser(server.url).request('/masterplan');
    expect(response.status).toBe(200);
    const html = await response.text();
    const titles = await readAsService<{ title: string; visibility: string }>(
      'select title, visibility from public.measures',
    );
    for (const { title, visibility } of titles) {
      if (visibility === 'public') expect(html).toContain(title);
      else expect(html).not.toContain(title);
    }
  });
});
