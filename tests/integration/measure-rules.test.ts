import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import type { Tx } from '../../app/lib/db/with-user.server';
import { createTestAccount } from '../fixtures/accounts';
import {
  actAs,
  signAsService,
  asDatabaseError,
  buildScenario,
  createMeasure,
  LEAD_ORGANIZATION,
  readAsService,
  type DatabaseError,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

const STATUSES = [
  'idea',
  'draft',
  'consultation',
  'agreed',
  'in_progress',
  'done',
  'discarded',
] as const;
type Status = (typeof STATUSES)[number];

type StatusRole = Extract<
  SignedInPersona,
  'memberA' | 'moderatorA' | 'admin' | 'memberB' | 'observer'
>;

const ROLE_LABELS: Record<StatusRole, string> = {
  memberA: 'member of the group',
  moderatorA: 'moderator of the group',
  admin: 'admin',
  memberB: 'member of another group',
  observer: 'observer',
};

const MEMBER_STEPS: readonly (readonly [Status, Status])[] = [
  ['idea', 'draft'],
  ['draft', 'consultation'],
];
const MODERATOR_STEPS: readonly (readonly [Status, Status])[] = [
  ...MEMBER_STEPS,
  ['consultation', 'agreed'],
  ['consultation', 'draft'],
  ['agreed', 'draft'],
  ['agreed', 'in_progress'],
  ['in_progress', 'done'],
];

const isStep = (steps: readonly (readonly [Status, Status])[], from: Status, to: Status) =>
  steps.some(([a, b]) => a === from && b === to);

/** The transition table of the issue (to discarded always with a reason). */
function mayMove(role: StatusRole, from: Status, to: Status): boolean {
  switch (role) {
    case 'admin':
      return true;
    case 'moderatorA':
      return to === 'discarded' || isStep(MODERATOR_STEPS, from, to);
    case 'memberA':
      return isStep(MEMBER_STEPS, from, to);
    case 'memberB':
    case 'observer':
      return false;
  }
}

const DISCARD_REASON = 'Wird von einer anderen Maßnahme abgedeckt.';

/** The database's refusal of `work`, or a failed test if it went through. */
async function refusal(work: Promise<unknown>): Promise<DatabaseError> {
  try {
    await work;
  } catch (error) {
    return asDatabaseError(error);
  }
  throw new Error('expected the database to refuse, but the transaction committed');
}

async function measureRow(measureId: string) {
  const [row] = await readAsService<{
    status: string;
    discard_reason: string | null;
    visibility: string;
    version: number;
    content_html: string;
    title: string;
  }>(
    'select status, discard_reason, visibility, version, content_html, title from public.measures where measure_id = $1',
    [measureId],
  );
  if (!row) throw new Error(`measure ${measureId} is gone`);
  return row;
}

async function leads(measureId: string): Promise<string[]> {
  const rows = await readAsService<{ short_name: string }>(
    `select o.short_name from public.measure_organizations mo
       join public.organizations o using (organization_id)
      where mo.measure_id = $1 and mo.role = 'lead' order by o.short_name`,
    [measureId],
  );
  return rows.map((row) => row.short_name);
}

let themePosition = 100;

/** A Themenfeld of the test's own, so its measure counter starts at zero. */
async function createTheme(code: string): Promise<string> {
  themePosition += 1;
  const { rows } = await withService((tx) =>
    tx.query<{ theme_id: string }>(
      `insert into public.themes (code, slug, name_de, name_en, description_de, description_en, position)
       values ($1, $2, $3, $3, 'Nur für Tests', 'Tests only', $4) returning theme_id`,
      [code, `testfeld-${code.toLowerCase()}`, `Testfeld ${code}`, themePosition],
    ),
  );
  return rows[0]!.theme_id;
}

describe('measure rules', () => {
  let scenario: Scenario;
  const orgId = (shortName: string): string => {
    const id = scenario.organizations[shortName];
    if (!id) throw new Error(`no organisation ${shortName}`);
    return id;
  };
  const networkLink = (tx: Tx, measureId: string) =>
    tx.query('insert into public.measure_networks (measure_id, network_id) values ($1, $2)', [
      measureId,
      scenario.linkedNetworkId,
    ]);

  beforeAll(async () => {
    // Groups in IN and RB: the Fachkräfte and Standortkommunikation counters stay untouched
    // for the code tests.
    scenario = await buildScenario({ themeA: 'IN', themeB: 'RB' });
  });

  describe('status transitions', () => {
    const roles: StatusRole[] = ['memberA', 'moderatorA', 'admin', 'memberB', 'observer'];
    const cases = roles.flatMap((role) =>
      STATUSES.flatMap((from) =>
        STATUSES.filter((to) => to !== from).map((to) => {
          const allowed = mayMove(role, from, to);
          return [
            ROLE_LABELS[role],
            from,
            to,
            allowed ? 'allowed' : 'refused',
            role,
            allowed,
          ] as const;
        }),
      ),
    );

    it('cover every ordered pair of statuses for five roles', () => {
      expect(cases).toHaveLength(5 * STATUSES.length * (STATUSES.length - 1));
      console.log(
        `status transitions: ${cases.length} cases, ${cases.filter((c) => c[5]).length} allowed`,
      );
    });

    // One Themenfeld per role keeps each counter far below 100 (see the code tests).
    const themeIds = {} as Record<StatusRole, string>;
    beforeAll(async () => {
      const codes: Record<StatusRole, string> = {
        memberA: 'TA',
        moderatorA: 'TB',
        admin: 'TC',
        memberB: 'TD',
        observer: 'TE',
      };
      for (const role of roles) themeIds[role] = await createTheme(codes[role]);
    });

    it.each(cases)('%s: %s → %s is %s', async (_label, from, to, _verdict, role, allowed) => {
      const measureId = await createMeasure(scenario, { status: from, themeId: themeIds[role] });
      let rowCount = 0;
      let error: DatabaseError | undefined;
      try {
        rowCount = await actAs(scenario, role, async (tx) => {
          const result = await tx.query(
            'update public.measures set status = $2, discard_reason = $3 where measure_id = $1',
            [measureId, to, to === 'discarded' ? DISCARD_REASON : null],
          );
          return result.rowCount ?? 0;
        });
      } catch (caught) {
        error = asDatabaseError(caught);
        if (error.code !== '42501') throw caught;
      }
      const row = await measureRow(measureId);
      if (allowed) {
        expect(error).toBeUndefined();
        expect(rowCount).toBe(1);
        expect(row.status).toBe(to);
        expect(row.discard_reason).toBe(to === 'discarded' ? DISCARD_REASON : null);
      } else {
        expect(row.status).toBe(from);
        if (role === 'memberA' || role === 'moderatorA') {
          // They may edit the measure, so the guard trigger is what refuses.
          expect(error?.code).toBe('42501');
          expect(error?.constraint).toBe('measures_status_transition');
        } else {
          expect(error?.code === '42501' || rowCount === 0).toBe(true);
        }
      }
    });

    it('discarding without a reason fails on measures_discard_needs_reason, even for admins', async () => {
      for (const persona of ['moderatorA', 'admin'] as const) {
        const measureId = await createMeasure(scenario, { status: 'consultation' });
        const error = await refusal(
          actAs(scenario, persona, (tx) =>
            tx.query("update public.measures set status = 'discarded' where measure_id = $1", [
              measureId,
            ]),
          ),
        );
        expect(error.code, persona).toBe('23514');
        expect(error.constraint, persona).toBe('measures_discard_needs_reason');
        expect((await measureRow(measureId)).status).toBe('consultation');
      }
    });

    it('reviving a discarded measure clears its reason', async () => {
      const measureId = await createMeasure(scenario, { status: 'discarded' });
      await actAs(scenario, 'admin', (tx) =>
        tx.query("update public.measures set status = 'draft' where measure_id = $1", [measureId]),
      );
      const row = await measureRow(measureId);
      expect(row.status).toBe('draft');
      expect(row.discard_reason).toBeNull();
    });
  });

  describe('codes', () => {
    it('numbers measures per Themenfeld with the theme code as prefix (FK-01, FK-02, then SK-01)', async () => {
      const { fkGroupId, fkThemeId, skThemeId, existing } = await withService(async (tx) => {
        const { rows: themes } = await tx.query<{ code: string; theme_id: string }>(
          "select code, theme_id from public.themes where code in ('FK', 'SK')",
        );
        const fk = themes.find((t) => t.code === 'FK')!.theme_id;
        const sk = themes.find((t) => t.code === 'SK')!.theme_id;
        const { rows: groups } = await tx.query<{ working_group_id: string }>(
          `insert into public.working_groups (theme_id, name) values ($1, 'Kleingruppe Fachkräfte (Codes)')
           returning working_group_id`,
          [fk],
        );
        const groupId = groups[0]!.working_group_id;
        await tx.query(
          "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
          [groupId, scenario.accounts.memberA.userId],
        );
        const { rows: counts } = await tx.query<{ n: number }>(
          'select count(*)::int as n from public.measures where theme_id in ($1, $2)',
          [fk, sk],
        );
        return { fkGroupId: groupId, fkThemeId: fk, skThemeId: sk, existing: counts[0]!.n };
      });
      // This file's database is fresh and no other test here uses these two Themenfelder.
      expect(existing).toBe(0);

      const insertAsMemberA = (title: string) =>
        actAs(scenario, 'memberA', async (tx) => {
          const { rows } = await tx.query<{ code: string; number: number }>(
            // A client-chosen number and code are ignored.
            `insert into public.measures (theme_id, working_group_id, title, number, code)
             values ($1, $2, $3, 42, 'XX-42') returning code, number`,
            [fkThemeId, fkGroupId, title],
          );
          return rows[0]!;
        });
      const first = await insertAsMemberA('Ausbildungsbotschafter an Schulen');
      const second = await insertAsMemberA('Teilzeitausbildung bekannt machen');
      expect(first).toEqual({ code: 'FK-01', number: 1 });
      expect(second).toEqual({ code: 'FK-02', number: 2 });

      const other = await actAs(scenario, 'admin', async (tx) => {
        const { rows } = await tx.query<{ code: string }>(
          `insert into public.measures (theme_id, title) values ($1, 'Imagekampagne Industrie')
           returning code`,
          [skThemeId],
        );
        return rows[0]!.code;
      });
      expect(other).toBe('SK-01');

      const afterTampering = await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ code: string }>(
          "update public.measures set code = 'FK-99', number = 99 where code = 'FK-01' returning code",
        );
        return rows.map((row) => row.code);
      });
      expect(afterTampering).toEqual(['FK-01']);
    });

    it('keeps counting past 99: the 100th measure of a Themenfeld is XX-100, not a clash with XX-10', async () => {
      const themeId = await createTheme('HU');
      await withService(async (tx) => {
        for (let i = 1; i <= 99; i += 1) {
          await tx.query(
            "insert into public.measures (theme_id, title) values ($1, 'Eine von vielen')",
            [themeId],
          );
        }
      });
      const codes = await actAs(scenario, 'admin', async (tx) => {
        const { rows } = await tx.query<{ code: string; number: number }>(
          `insert into public.measures (theme_id, title)
           values ($1, 'Die hundertste'), ($1, 'Die hundertunderste') returning code, number`,
          [themeId],
        );
        return rows;
      });
      expect(codes).toEqual([
        { code: 'HU-100', number: 100 },
        { code: 'HU-101', number: 101 },
      ]);
    });
  });

  describe('version', () => {
    it('starts at 1 and grows by exactly 1 on every metadata update, whoever writes, not on derived text', async () => {
      const measureId = await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ measure_id: string; version: number }>(
          `insert into public.measures (theme_id, working_group_id, title, version)
           values ($1, $2, 'Versionierte Maßnahme', 17) returning measure_id, version`,
          [scenario.groupA.themeId, scenario.groupA.id],
        );
        expect(rows[0]!.version).toBe(1);
        return rows[0]!.measure_id;
      });
      const versions: number[] = [];
      for (const persona of ['memberA', 'moderatorA', 'admin', 'memberA'] as const) {
        const version = await actAs(scenario, persona, async (tx) => {
          const { rows } = await tx.query<{ version: number }>(
            "update public.measures set summary = summary || '.', version = 1000 where measure_id = $1 returning version",
            [measureId],
          );
          return rows[0]!.version;
        });
        versions.push(version);
      }
      await withService((tx) =>
        tx.query("update public.measures set content_text = 'abgeleitet' where measure_id = $1", [
          measureId,
        ]),
      );
      expect(versions).toEqual([2, 3, 4, 5]);
      // The collab server's derived text is not a metadata edit: it must not cause save conflicts.
      expect((await measureRow(measureId)).version).toBe(5);
    });
  });

  describe('lead organisation', () => {
    it('an agreed measure without a lead fails at commit (measures_agreed_need_one_lead)', async () => {
      const measureId = await createMeasure(scenario, { status: 'consultation', withLead: false });
      const error = await refusal(
        actAs(scenario, 'moderatorA', (tx) =>
          tx.query("update public.measures set status = 'agreed' where measure_id = $1", [
            measureId,
          ]),
        ),
      );
      expect(error.code).toBe('23514');
      expect(error.constraint).toBe('measures_agreed_need_one_lead');
      expect((await measureRow(measureId)).status).toBe('consultation');
    });

    it('agreeing and naming the lead in one transaction works in either order', async () => {
      for (const leadFirst of [true, false]) {
        const measureId = await createMeasure(scenario, {
          status: 'consultation',
          withLead: false,
        });
        // The future lead has signed the current text already (sign-off is checked at commit too).
        await withService((tx) => signAsService(tx, measureId, [orgId('IRR')]));
        await actAs(scenario, 'moderatorA', async (tx) => {
          const agree = () =>
            tx.query("update public.measures set status = 'agreed' where measure_id = $1", [
              measureId,
            ]);
          const lead = () =>
            tx.query(
              "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'lead')",
              [measureId, orgId('IRR')],
            );
          if (leadFirst) {
            await lead();
            await agree();
          } else {
            await agree();
            await lead();
          }
        });
        expect((await measureRow(measureId)).status).toBe('agreed');
        expect(await leads(measureId)).toEqual(['IRR']);
      }
    });

    it('removing the only lead of an agreed measure fails at commit, even for the moderator', async () => {
      const measureId = await createMeasure(scenario, { status: 'agreed' });
      const error = await refusal(
        actAs(scenario, 'moderatorA', (tx) =>
          tx.query(
            "delete from public.measure_organizations where measure_id = $1 and role = 'lead'",
            [measureId],
          ),
        ),
      );
      expect(error.code).toBe('23514');
      expect(error.constraint).toBe('measures_agreed_need_one_lead');
      expect(await leads(measureId)).toEqual([LEAD_ORGANIZATION]);
    });

    it('a second lead is impossible (unique index)', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft' });
      for (const persona of ['memberA', 'admin'] as const) {
        const error = await refusal(
          actAs(scenario, persona, (tx) =>
            tx.query(
              "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'lead')",
              [measureId, orgId('HWK')],
            ),
          ),
        );
        expect(error.code, persona).toBe('23505');
        expect(error.constraint, persona).toBe('measure_organizations_one_lead_idx');
      }
      expect(await leads(measureId)).toEqual([LEAD_ORGANIZATION]);
    });

    it('a member may not change the lead of an agreed measure, but may add partners; the moderator may', async () => {
      const measureId = await createMeasure(scenario, { status: 'agreed' });
      const swapLead = (tx: Tx) =>
        tx
          .query(
            "delete from public.measure_organizations where measure_id = $1 and role = 'lead'",
            [measureId],
          )
          .then(() =>
            tx.query(
              "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'lead')",
              [measureId, orgId('IRR')],
            ),
          );

      const byMember = await refusal(actAs(scenario, 'memberA', swapLead));
      expect(byMember.code).toBe('42501');
      const demoteByMember = await refusal(
        actAs(scenario, 'memberA', (tx) =>
          tx.query(
            "update public.measure_organizations set role = 'partner' where measure_id = $1 and role = 'lead'",
            [measureId],
          ),
        ),
      );
      expect(demoteByMember.code).toBe('42501');
      expect(await leads(measureId)).toEqual([LEAD_ORGANIZATION]);

      await actAs(scenario, 'memberA', (tx) =>
        tx.query(
          "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'partner')",
          [measureId, orgId('HWK')],
        ),
      );

      await actAs(scenario, 'moderatorA', swapLead);
      expect(await leads(measureId)).toEqual(['IRR']);
    });
  });

  describe('new structures (Leitprojekt, Masterplanprojekt)', () => {
    const insertMeasure = (tx: Tx, kind: string, justification: string | null) =>
      tx
        .query<{ measure_id: string }>(
          `insert into public.measures (theme_id, working_group_id, title, kind, new_structure_justification)
           values ($1, $2, 'Neues Zentrum', $3, $4) returning measure_id`,
          [scenario.groupA.themeId, scenario.groupA.id, kind, justification],
        )
        .then((result) => result.rows[0]!.measure_id);

    it.each(['flagship', 'masterplan_project'])(
      'a %s without a linked network needs a justification of at least 20 characters',
      async (kind) => {
        for (const justification of [null, '', '   kurz   ', `  ${'x'.repeat(19)}  `]) {
          const error = await refusal(
            actAs(scenario, 'memberA', (tx) => insertMeasure(tx, kind, justification)),
          );
          expect(error.code, String(justification)).toBe('23514');
          expect(error.constraint, String(justification)).toBe('measures_new_structure_justified');
        }
        const measureId = await actAs(scenario, 'memberA', (tx) =>
          insertMeasure(tx, kind, 'Kein bestehendes Netz deckt das ab.'),
        );
        expect((await measureRow(measureId)).title).toBe('Neues Zentrum');
      },
    );

    it.each(['flagship', 'masterplan_project'])(
      'a %s that builds on a network needs no justification',
      async (kind) => {
        const measureId = await actAs(scenario, 'memberA', async (tx) => {
          const id = await insertMeasure(tx, kind, null);
          await networkLink(tx, id);
          return id;
        });
        const error = await refusal(
          actAs(scenario, 'memberA', (tx) =>
            tx.query('delete from public.measure_networks where measure_id = $1', [measureId]),
          ),
        );
        expect(error.constraint).toBe('measures_new_structure_justified');
      },
    );

    it('turning an open measure without networks into a flagship needs the justification', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft' });
      const error = await refusal(
        actAs(scenario, 'memberA', (tx) =>
          tx.query("update public.measures set kind = 'flagship' where measure_id = $1", [
            measureId,
          ]),
        ),
      );
      expect(error.constraint).toBe('measures_new_structure_justified');
      await actAs(scenario, 'memberA', (tx) =>
        tx.query(
          "update public.measures set kind = 'flagship', new_structure_justification = 'Neue Struktur, weil keine passt.' where measure_id = $1",
          [measureId],
        ),
      );
    });
  });

  describe('activity log', () => {
    type Activity = {
      action: string;
      actor_id: string | null;
      working_group_id: string | null;
      changes: Record<string, unknown>;
    };
    const activityOf = (measureId: string) =>
      readAsService<Activity>(
        'select action, actor_id, working_group_id, changes from public.activity_log where measure_id = $1 order by activity_id',
        [measureId],
      );

    it('records creation, edits with old → new, status changes and added organisations', async () => {
      const { memberA, moderatorA } = scenario.accounts;
      const measureId = await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ measure_id: string }>(
          `insert into public.measures (theme_id, working_group_id, title) values ($1, $2, 'Erster Titel')
           returning measure_id`,
          [scenario.groupA.themeId, scenario.groupA.id],
        );
        return rows[0]!.measure_id;
      });
      await actAs(scenario, 'memberA', (tx) =>
        tx.query("update public.measures set title = 'Zweiter Titel' where measure_id = $1", [
          measureId,
        ]),
      );
      await actAs(scenario, 'moderatorA', (tx) =>
        tx.query("update public.measures set status = 'draft' where measure_id = $1", [measureId]),
      );
      await actAs(scenario, 'memberA', (tx) =>
        tx.query(
          "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'partner')",
          [measureId, orgId('HWK')],
        ),
      );

      const activity = await activityOf(measureId);
      expect(activity.map((a) => a.action)).toEqual([
        'measure.created',
        'measure.updated',
        'measure.status_changed',
        'organization.added',
      ]);
      expect(activity.every((a) => a.working_group_id === scenario.groupA.id)).toBe(true);
      expect(activity.map((a) => a.actor_id)).toEqual([
        memberA.userId,
        memberA.userId,
        moderatorA.userId,
        memberA.userId,
      ]);
      expect(activity[0]!.changes).toEqual({
        title: [null, 'Erster Titel'],
        status: [null, 'idea'],
      });
      expect(activity[1]!.changes).toEqual({ title: ['Erster Titel', 'Zweiter Titel'] });
      expect(activity[2]!.changes).toEqual({ status: ['idea', 'draft'] });
      expect(activity[3]!.changes).toEqual({
        organization_id: orgId('HWK'),
        role: [null, 'partner'],
      });
    });

    it('records members added to and removed from a group', async () => {
      const newcomer = await createTestAccount({
        platformRole: 'member',
        organizationShortName: 'DGB',
      });
      await actAs(scenario, 'moderatorA', (tx) =>
        tx.query(
          "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
          [scenario.groupA.id, newcomer.userId],
        ),
      );
      await actAs(scenario, 'moderatorA', (tx) =>
        tx.query(
          'delete from public.working_group_members where working_group_id = $1 and user_id = $2',
          [scenario.groupA.id, newcomer.userId],
        ),
      );
      const rows = await readAsService<Activity>(
        `select action, actor_id, working_group_id, changes from public.activity_log
          where measure_id is null and changes ->> 'user_id' = $1 order by activity_id`,
        [newcomer.userId],
      );
      expect(rows).toEqual([
        {
          action: 'member.added',
          actor_id: scenario.accounts.moderatorA.userId,
          working_group_id: scenario.groupA.id,
          changes: { user_id: newcomer.userId, role: [null, 'member'] },
        },
        {
          action: 'member.removed',
          actor_id: scenario.accounts.moderatorA.userId,
          working_group_id: scenario.groupA.id,
          changes: { user_id: newcomer.userId, role: ['member', null] },
        },
      ]);

      const visibleTo = async (persona: SignedInPersona) =>
        actAs(scenario, persona, async (tx) => {
          const { rowCount } = await tx.query(
            "select 1 from public.activity_log where changes ->> 'user_id' = $1",
            [newcomer.userId],
          );
          return rowCount ?? 0;
        });
      expect(await visibleTo('memberA')).toBe(2);
      expect(await visibleTo('admin')).toBe(2);
      expect(await visibleTo('memberB')).toBe(0);
      expect(await visibleTo('observer')).toBe(0);
    });

    it('the activity of a group-visible measure is hidden from other groups until it is shared', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft' });
      await actAs(scenario, 'memberA', (tx) =>
        tx.query(
          "update public.measures set summary = 'Vertraulicher Entwurf' where measure_id = $1",
          [measureId],
        ),
      );
      const readable = (persona: SignedInPersona) =>
        actAs(scenario, persona, async (tx) => {
          const { rowCount } = await tx.query(
            'select 1 from public.activity_log where measure_id = $1',
            [measureId],
          );
          return rowCount ?? 0;
        });
      const total = (await activityOf(measureId)).length;
      expect(total).toBeGreaterThanOrEqual(2);
      expect(await readable('memberA')).toBe(total);
      expect(await readable('memberB')).toBe(0);
      expect(await readable('observer')).toBe(0);

      await actAs(scenario, 'moderatorA', (tx) =>
        tx.query("update public.measures set visibility = 'platform' where measure_id = $1", [
          measureId,
        ]),
      );
      expect(await readable('memberB')).toBe(total + 1);
    });
  });

  describe('memberships', () => {
    it('observers cannot be added to a group (working_group_members_no_observers)', async () => {
      const observer = await createTestAccount({
        platformRole: 'observer',
        organizationShortName: null,
      });
      for (const persona of ['admin', 'moderatorA'] as const) {
        const error = await refusal(
          actAs(scenario, persona, (tx) =>
            tx.query(
              "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
              [scenario.groupA.id, observer.userId],
            ),
          ),
        );
        expect(error.code, persona).toBe('23514');
        expect(error.constraint, persona).toBe('working_group_members_no_observers');
      }
    });
  });

  describe('authorship', () => {
    it('the author is whoever inserts, whatever the client sends, and stays so', async () => {
      const { memberA, memberB } = scenario.accounts;
      const measureId = await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ measure_id: string; created_by: string }>(
          `insert into public.measures (theme_id, working_group_id, title, created_by)
           values ($1, $2, 'Untergeschobene Urheberschaft', $3) returning measure_id, created_by`,
          [scenario.groupA.themeId, scenario.groupA.id, memberB.userId],
        );
        expect(rows[0]!.created_by).toBe(memberA.userId);
        return rows[0]!.measure_id;
      });
      const error = await refusal(
        actAs(scenario, 'admin', (tx) =>
          tx.query('update public.measures set created_by = $2 where measure_id = $1', [
            measureId,
            memberB.userId,
          ]),
        ),
      );
      expect(error.code).toBe('42501');
      const [row] = await readAsService<{ created_by: string }>(
        'select created_by from public.measures where measure_id = $1',
        [measureId],
      );
      expect(row?.created_by).toBe(memberA.userId);
    });
  });

  describe('visibility and text', () => {
    it('a member cannot change visibility; the moderator and admins can', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft' });
      const share = (persona: SignedInPersona, visibility: string) =>
        actAs(scenario, persona, (tx) =>
          tx.query('update public.measures set visibility = $2 where measure_id = $1', [
            measureId,
            visibility,
          ]),
        );
      const error = await refusal(share('memberA', 'platform'));
      expect(error.code).toBe('42501');
      expect((await measureRow(measureId)).visibility).toBe('group');

      await share('moderatorA', 'platform');
      expect((await measureRow(measureId)).visibility).toBe('platform');
      await share('admin', 'public');
      expect((await measureRow(measureId)).visibility).toBe('public');
      expect((await refusal(share('memberA', 'group'))).code).toBe('42501');
      expect((await measureRow(measureId)).visibility).toBe('public');
    });

    it('content_html cannot be written by authenticated users, only by the service role', async () => {
      const measureId = await createMeasure(scenario, { status: 'draft' });
      for (const persona of ['memberA', 'moderatorA', 'admin'] as const) {
        for (const column of ['content_html', 'content_text']) {
          const error = await refusal(
            actAs(scenario, persona, (tx) =>
              tx.query(
                `update public.measures set ${column} = '<img src=x onerror=alert(1)>' where measure_id = $1`,
                [measureId],
              ),
            ),
          );
          expect(error.code, `${persona} ${column}`).toBe('42501');
        }
      }
      expect((await measureRow(measureId)).content_html).toBe('');

      const inserted = await actAs(scenario, 'memberA', async (tx) => {
        const { rows } = await tx.query<{ content_html: string; content_text: string }>(
          `insert into public.measures (theme_id, working_group_id, title, content_html, content_text)
           values ($1, $2, 'Mit eingeschmuggeltem HTML', '<script>alert(1)</script>', 'x')
           returning content_html, content_text`,
          [scenario.groupA.themeId, scenario.groupA.id],
        );
        return rows[0]!;
      });
      expect(inserted).toEqual({ content_html: '', content_text: '' });

      await withService((tx) =>
        tx.query(
          "update public.measures set content_html = '<p>Gerendert</p>' where measure_id = $1",
          [measureId],
        ),
      );
      expect((await measureRow(measureId)).content_html).toBe('<p>Gerendert</p>');
    });
  });
});
