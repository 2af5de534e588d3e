import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import {
  compareDeclarations,
  createDeclaration,
  freezeDeclaration,
  getDeclaration,
  loadRoadmap,
  performDeclarationAction,
  updateDeclaration,
} from '../../app/lib/declarations/declarations.server';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import { createMeeting } from '../../app/lib/meetings/meetings.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';
import {
  attempt,
  buildScenario,
  createMeasure,
  LEAD_ORGANIZATION,
  probeAs,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

/**
 * The joint declaration: who compiles and reads it, freezing pins each measure to a version so later
 * edits do not change it, organisations sign with the measures' signing right, drafts compare
 * measure by measure, and the Fahrplan draws milestones and meetings together.
 */

let scenario: Scenario;
let signer: TestAccount;
const dbOf =
  (persona: SignedInPersona): UserDb =>
  (fn) =>
    withUser(scenario.accounts[persona].claims, fn);
const signerDb: UserDb = (fn) => withUser(signer.claims, fn);

const setText = (measureId: string, html: string) =>
  withService((tx) =>
    tx.query(
      'update public.measures set content_html = $2, content_text = $3 where measure_id = $1',
      [measureId, html, html.replace(/<[^>]*>/g, ' ').trim()],
    ),
  );

async function sharedMeasure(text: string): Promise<string> {
  const measureId = await createMeasure(scenario, {
    status: 'draft',
    visibility: 'platform',
    kind: 'quick_win',
  });
  await setText(measureId, text);
  return measureId;
}

const measureTexts = async (persona: SignedInPersona, declarationId: string) =>
  (await dbOf(persona)((tx) => getDeclaration(tx, declarationId, 'de'))).themes.flatMap((theme) =>
    theme.measures.map((measure) => measure.contentText),
  );

beforeAll(async () => {
  scenario = await buildScenario();
  signer = await createTestAccount({ organizationShortName: LEAD_ORGANIZATION });
  await withService((tx) =>
    tx.query('update public.profiles set can_sign = true where profile_id = $1', [signer.userId]),
  );
});

describe('compiling', () => {
  it('moderators and admins compile; members and observers may not, and do not see drafts', async () => {
    const measureId = await sharedMeasure('<p>Text</p>');
    const form = {
      title: 'Erklärung 1. Industriedialog',
      preamble: 'Wir',
      commitments: 'Wir tun',
      measureIds: [measureId],
    };
    const draftId = await createDeclaration(dbOf('moderatorA'), form);
    await createDeclaration(dbOf('admin'), form);
    await expect(createDeclaration(dbOf('memberA'), form)).rejects.toMatchObject({ status: 403 });
    await expect(createDeclaration(dbOf('observer'), form)).rejects.toMatchObject({ status: 403 });
    for (const persona of ['memberA', 'observer'] as const) {
      const seen = await probeAs(scenario, persona, (tx) =>
        attempt(tx, 'select 1 from public.declarations where declaration_id = $1', [draftId]),
      );
      expect(seen.took, persona).toBe(false);
    }
  });

  it('a compiler cannot add a measure they cannot read', async () => {
    const hidden = await createMeasure(scenario, {
      groupId: scenario.groupB.id,
      themeId: scenario.groupB.themeId,
    });
    await expect(
      createDeclaration(dbOf('moderatorA'), {
        title: 'Mit fremder Maßnahme',
        preamble: '',
        commitments: '',
        measureIds: [hidden],
      }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe('freezing', () => {
  it('a draft shows the live text; frozen, later edits to a measure do not change it', async () => {
    const first = await sharedMeasure('<p>Erster Stand A</p>');
    const second = await sharedMeasure('<p>Erster Stand B</p>');
    const declarationId = await createDeclaration(dbOf('admin'), {
      title: 'Gemeinsame Erklärung 2026',
      preamble: 'Die Akteure der Region …',
      commitments: 'Jede Organisation …',
      measureIds: [first, second],
    });
    await setText(first, '<p>Zweiter Stand A</p>');
    expect(await measureTexts('admin', declarationId)).toEqual([
      'Zweiter Stand A',
      'Erster Stand B',
    ]);

    await freezeDeclaration(dbOf('moderatorA'), declarationId);
    const pins = await readAsService<{ measure_id: string; content_text: string; name: string }>(
      `select dm.measure_id, v.content_text, v.name from public.declaration_measures dm
         join public.measure_versions v on v.version_id = dm.version_id
        where dm.declaration_id = $1 order by dm.position`,
      [declarationId],
    );
    expect(pins.map((pin) => pin.content_text)).toEqual(['Zweiter Stand A', 'Erster Stand B']);

    await setText(first, '<p>Dritter Stand A</p>');
    await withService((tx) =>
      tx.query(`update public.measures set title = 'Neuer Titel' where measure_id = $1`, [second]),
    );
    expect(await measureTexts('memberA', declarationId)).toEqual([
      'Zweiter Stand A',
      'Erster Stand B',
    ]);
    const frozen = await dbOf('memberA')((tx) => getDeclaration(tx, declarationId, 'de'));
    expect(frozen.status).toBe('frozen');
    expect(frozen.themes.flatMap((theme) => theme.measures.map((m) => m.title))).not.toContain(
      'Neuer Titel',
    );
  });

  it('freezing reuses a version that already holds the current text', async () => {
    const measureId = await sharedMeasure('<p>Unverändert</p>');
    const existing = await withService(async (tx) => {
      const { rows } = await tx.query<{ version_id: string }>(
        `insert into public.measure_versions (measure_id, name, kind) values ($1, 'Gespeichert', 'manual') returning version_id`,
        [measureId],
      );
      return rows[0]!.version_id;
    });
    const declarationId = await createDeclaration(dbOf('admin'), {
      title: 'Wiederverwendung',
      preamble: '',
      commitments: '',
      measureIds: [measureId],
    });
    await freezeDeclaration(dbOf('admin'), declarationId);
    const [pin] = await readAsService<{ version_id: string }>(
      'select version_id from public.declaration_measures where declaration_id = $1',
      [declarationId],
    );
    expect(pin!.version_id).toBe(existing);
  });

  it('a frozen declaration refuses every change, also to its measures and pins; members may not freeze', async () => {
    const measureId = await sharedMeasure('<p>Fest</p>');
    const declarationId = await createDeclaration(dbOf('admin'), {
      title: 'Unveränderlich',
      preamble: '',
      commitments: '',
      measureIds: [measureId],
    });
    await expect(freezeDeclaration(dbOf('memberA'), declarationId)).rejects.toMatchObject({
      status: 403,
    });
    // Pins cannot be forged while drafting.
    await dbOf('admin')((tx) =>
      tx.query(
        `update public.declaration_measures set version_id = (select version_id from public.measure_versions limit 1)
          where declaration_id = $1`,
        [declarationId],
      ),
    );
    const [unpinned] = await readAsService<{ version_id: string | null }>(
      'select version_id from public.declaration_measures where declaration_id = $1',
      [declarationId],
    );
    expect(unpinned!.version_id).toBeNull();

    await freezeDeclaration(dbOf('admin'), declarationId);
    await expect(
      updateDeclaration(dbOf('admin'), declarationId, {
        title: 'Geändert',
        preamble: '',
        commitments: '',
        measureIds: [],
      }),
    ).rejects.toMatchObject({ status: 409, code: 'declarations_frozen' });
    await expect(freezeDeclaration(dbOf('admin'), declarationId)).rejects.toMatchObject({
      status: 409,
    });
    for (const sql of [
      'delete from public.declaration_measures where declaration_id = $1',
      'update public.declaration_measures set version_id = null where declaration_id = $1',
      'delete from public.declarations where declaration_id = $1',
    ]) {
      const outcome = await probeAs(scenario, 'admin', (tx) => attempt(tx, sql, [declarationId]));
      expect(outcome.took, sql).toBe(false);
    }
  });

  it('an empty declaration is not frozen', async () => {
    const declarationId = await createDeclaration(dbOf('admin'), {
      title: 'Leer',
      preamble: '',
      commitments: '',
      measureIds: [],
    });
    await expect(freezeDeclaration(dbOf('admin'), declarationId)).rejects.toMatchObject({
      status: 400,
      code: 'declarations_need_measures',
    });
  });
});

describe('signing', () => {
  it('only a frozen declaration is signed, by a signer of a participating organisation', async () => {
    const measureId = await sharedMeasure('<p>Zu zeichnen</p>');
    const declarationId = await createDeclaration(dbOf('admin'), {
      title: 'Zum Zeichnen',
      preamble: '',
      commitments: '',
      measureIds: [measureId],
    });
    const sign = (db: UserDb, organization: string) =>
      performDeclarationAction(db, declarationId, {
        intent: 'sign',
        organizationId: scenario.organizations[organization]!,
      });

    await expect(sign(signerDb, LEAD_ORGANIZATION)).rejects.toMatchObject({ status: 403 });
    await freezeDeclaration(dbOf('admin'), declarationId);
    // No signing right (memberA is IHK without can_sign) and not for another organisation.
    await expect(sign(dbOf('memberA'), 'IHK')).rejects.toMatchObject({ status: 403 });
    await expect(sign(signerDb, 'IHK')).rejects.toMatchObject({ status: 403 });
    await sign(signerDb, LEAD_ORGANIZATION);

    const detail = await signerDb((tx) => getDeclaration(tx, declarationId, 'de'));
    const lead = detail.signers.find((entry) => entry.shortName === LEAD_ORGANIZATION);
    expect(lead).toMatchObject({ signedByName: expect.any(String), canSign: true });
    expect(detail.signers.map((entry) => entry.shortName)).toEqual([LEAD_ORGANIZATION]);

    await performDeclarationAction(signerDb, declarationId, {
      intent: 'withdraw',
      organizationId: scenario.organizations[LEAD_ORGANIZATION]!,
    });
    expect(
      await readAsService('select 1 from public.declaration_signatures where declaration_id = $1', [
        declarationId,
      ]),
    ).toEqual([]);
  });
});

describe('comparing and the Fahrplan', () => {
  it('compares two drafts measure by measure', async () => {
    const kept = await sharedMeasure('<p>Gemeinsamer Text</p>');
    const dropped = await sharedMeasure('<p>Fällt weg</p>');
    const added = await sharedMeasure('<p>Kommt dazu</p>');
    const a = await createDeclaration(dbOf('admin'), {
      title: 'Entwurf A',
      preamble: 'Wir die Region',
      commitments: '',
      measureIds: [kept, dropped],
    });
    await freezeDeclaration(dbOf('admin'), a);
    await setText(kept, '<p>Gemeinsamer neuer Text</p>');
    const b = await createDeclaration(dbOf('admin'), {
      title: 'Entwurf B',
      preamble: 'Wir die ganze Region',
      commitments: '',
      measureIds: [kept, added],
    });
    const comparison = await dbOf('admin')((tx) => compareDeclarations(tx, a, b, 'de'));
    const byId = Object.fromEntries(comparison.measures.map((entry) => [entry.measureId, entry]));
    expect(byId[dropped]!.kind).toBe('removed');
    expect(byId[added]!.kind).toBe('added');
    const changed = byId[kept]!;
    expect(changed.kind).toBe('changed');
    if (changed.kind === 'changed')
      expect(
        changed.parts.filter((part) => part.kind === 'insert').map((part) => part.text.trim()),
      ).toEqual(['neuer']);
    expect(
      comparison.preamble.some((part) => part.kind === 'insert' && part.text.includes('ganze')),
    ).toBe(true);
  });

  it('the Fahrplan lists the measures’ milestones and the meetings in date order, as the reader may see', async () => {
    const measureId = await sharedMeasure('<p>Mit Meilenstein</p>');
    await withService((tx) =>
      tx.query(
        `insert into public.milestones (measure_id, title, due_date) values ($1, 'Pilot startet', '2027-03-01'), ($1, 'Bericht', '2027-09-30')`,
        [measureId],
      ),
    );
    await createMeeting(
      dbOf('admin'),
      null,
      MeetingFormSchema.parse({
        title: '2. Industriedialog',
        startsAt: '2027-05-20T10:00',
        endsAt: '2027-05-20T16:00',
      }),
    );
    const roadmap = await dbOf('memberB')((tx) => loadRoadmap(tx, [measureId]));
    expect(roadmap.map((entry) => [entry.kind, entry.date, entry.title])).toEqual([
      ['milestone', '2027-03-01', 'Pilot startet'],
      ['meeting', '2027-05-20', '2. Industriedialog'],
      ['milestone', '2027-09-30', 'Bericht'],
    ]);
  });
});
