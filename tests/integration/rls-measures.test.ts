import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../app/lib/db/with-user.server';
import {
  attempt,
  buildScenario,
  PERSONAS,
  probeAs,
  VISIBILITIES,
  type Outcome,
  type Persona,
  type Scenario,
  type Visibility,
} from '../fixtures/scenario';

type Operation = 'select' | 'insert' | 'update' | 'delete';

/** Who may, once per visibility of the measure (measure-scoped tables) or once (the rest). */
type Allowed = readonly Persona[] | Readonly<Record<Visibility, readonly Persona[]>>;

interface Rule {
  table: string;
  /** What exactly is tried, when the table has more than one case per operation. */
  variant?: string;
  operation: Operation;
  allowed: Allowed;
  /** Personas whose refusal must be an error with this SQLSTATE (not just zero rows). */
  refusedWith?: { code: string; personas: readonly Persona[] };
  run: (tx: Tx, context: Context) => Promise<Outcome>;
}

interface Context {
  scenario: Scenario;
  /** The scenario measure of this visibility (measure-scoped rules; the others ignore it). */
  measureId: string;
  visibility: Visibility;
}

const SIGNED_IN: readonly Persona[] = ['observer', 'memberA', 'memberB', 'moderatorA', 'admin'];
const EVERYONE: readonly Persona[] = PERSONAS;
const GROUP_A: readonly Persona[] = ['memberA', 'moderatorA', 'admin'];
const MODERATOR_A: readonly Persona[] = ['moderatorA', 'admin'];
const ADMIN: readonly Persona[] = ['admin'];
const NOBODY: readonly Persona[] = [];

/** Readers of a measure, by its visibility. */
const READERS: Record<Visibility, readonly Persona[]> = {
  group: GROUP_A,
  platform: SIGNED_IN,
  public: EVERYONE,
};
const SIGNED_IN_READERS: Record<Visibility, readonly Persona[]> = {
  group: GROUP_A,
  platform: SIGNED_IN,
  public: SIGNED_IN,
};
/** Writers of a measure do not depend on its visibility: shared measures stay read-only to others. */
const SAME_FOR_ALL = (personas: readonly Persona[]): Record<Visibility, readonly Persona[]> => ({
  group: personas,
  platform: personas,
  public: personas,
});

const org = (context: Context, shortName: string): string => {
  const id = context.scenario.organizations[shortName];
  if (!id) throw new Error(`no organisation ${shortName}`);
  return id;
};

/** The declarative matrix: every row × persona (× visibility) is one test. */
const RULES: Rule[] = [
  // ─── measures ───
  {
    table: 'measures',
    operation: 'select',
    variant: 'published columns',
    allowed: READERS,
    run: (tx, c) =>
      attempt(
        tx,
        'select measure_id, code, title, status from public.measures where measure_id = $1',
        [c.measureId],
      ),
  },
  {
    table: 'measures',
    operation: 'select',
    variant: 'created_by and working_group_id',
    allowed: SIGNED_IN_READERS,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(
        tx,
        'select created_by, working_group_id from public.measures where measure_id = $1',
        [c.measureId],
      ),
  },
  {
    table: 'measures',
    operation: 'insert',
    variant: 'into group A with this visibility',
    // Members draft inside their group; only moderators and admins create shared measures.
    allowed: { group: GROUP_A, platform: MODERATOR_A, public: MODERATOR_A },
    run: (tx, c) =>
      attempt(
        tx,
        `insert into public.measures (theme_id, working_group_id, title, visibility)
         values ($1, $2, 'Neue Maßnahme aus der Matrix', $3)`,
        [c.scenario.groupA.themeId, c.scenario.groupA.id, c.visibility],
      ),
  },
  {
    table: 'measures',
    operation: 'update',
    variant: 'title',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(
        tx,
        "update public.measures set title = title || ' (geändert)' where measure_id = $1",
        [c.measureId],
      ),
  },
  {
    table: 'measures',
    operation: 'update',
    variant: 'working_group_id to group B',
    allowed: SAME_FOR_ALL(ADMIN),
    refusedWith: { code: '42501', personas: ['memberA', 'moderatorA'] },
    run: (tx, c) =>
      attempt(tx, 'update public.measures set working_group_id = $2 where measure_id = $1', [
        c.measureId,
        c.scenario.groupB.id,
      ]),
  },
  {
    table: 'measures',
    operation: 'update',
    variant: 'created_by',
    allowed: SAME_FOR_ALL(NOBODY),
    refusedWith: { code: '42501', personas: ['anon', 'memberA', 'moderatorA', 'admin'] },
    run: (tx, c) =>
      attempt(tx, 'update public.measures set created_by = $2 where measure_id = $1', [
        c.measureId,
        c.scenario.accounts.memberB.userId,
      ]),
  },
  {
    table: 'measures',
    operation: 'delete',
    allowed: SAME_FOR_ALL(ADMIN),
    run: (tx, c) => attempt(tx, 'delete from public.measures where measure_id = $1', [c.measureId]),
  },

  // ─── measure_organizations ───
  {
    table: 'measure_organizations',
    operation: 'select',
    allowed: READERS,
    run: (tx, c) =>
      attempt(
        tx,
        'select organization_id, role from public.measure_organizations where measure_id = $1',
        [c.measureId],
      ),
  },
  {
    table: 'measure_organizations',
    operation: 'insert',
    variant: 'a partner',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(
        tx,
        "insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, 'partner')",
        [c.measureId, org(c, 'HWK')],
      ),
  },
  {
    table: 'measure_organizations',
    operation: 'update',
    variant: 'partner to consulted',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(
        tx,
        "update public.measure_organizations set role = 'consulted' where measure_id = $1 and organization_id = $2",
        [c.measureId, org(c, 'DGB')],
      ),
  },
  {
    table: 'measure_organizations',
    operation: 'delete',
    variant: 'the partner',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(
        tx,
        'delete from public.measure_organizations where measure_id = $1 and organization_id = $2',
        [c.measureId, org(c, 'DGB')],
      ),
  },

  // ─── measure_networks ───
  {
    table: 'measure_networks',
    operation: 'select',
    allowed: READERS,
    run: (tx, c) =>
      attempt(tx, 'select network_id from public.measure_networks where measure_id = $1', [
        c.measureId,
      ]),
  },
  {
    table: 'measure_networks',
    operation: 'insert',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(tx, 'insert into public.measure_networks (measure_id, network_id) values ($1, $2)', [
        c.measureId,
        c.scenario.spareNetworkId,
      ]),
  },
  {
    table: 'measure_networks',
    operation: 'update',
    variant: 'to another network',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(
        tx,
        'update public.measure_networks set network_id = $3 where measure_id = $1 and network_id = $2',
        [c.measureId, c.scenario.linkedNetworkId, c.scenario.spareNetworkId],
      ),
  },
  {
    table: 'measure_networks',
    operation: 'delete',
    allowed: SAME_FOR_ALL(GROUP_A),
    run: (tx, c) =>
      attempt(tx, 'delete from public.measure_networks where measure_id = $1 and network_id = $2', [
        c.measureId,
        c.scenario.linkedNetworkId,
      ]),
  },

  // ─── activity_log (rows of the measure) ───
  {
    table: 'activity_log',
    operation: 'select',
    // Visitors never read the log (it names accounts), not even of a published measure.
    allowed: SIGNED_IN_READERS,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(tx, 'select action, changes from public.activity_log where measure_id = $1', [
        c.measureId,
      ]),
  },
  {
    table: 'activity_log',
    operation: 'insert',
    allowed: SAME_FOR_ALL(NOBODY),
    refusedWith: { code: '42501', personas: EVERYONE },
    run: (tx, c) =>
      attempt(
        tx,
        `insert into public.activity_log (measure_id, working_group_id, actor_id, action)
         values ($1, $2, null, 'measure.updated')`,
        [c.measureId, c.scenario.groupA.id],
      ),
  },
  {
    table: 'activity_log',
    operation: 'update',
    allowed: SAME_FOR_ALL(NOBODY),
    run: (tx, c) =>
      attempt(tx, "update public.activity_log set action = 'gefälscht' where measure_id = $1", [
        c.measureId,
      ]),
  },
  {
    table: 'activity_log',
    operation: 'delete',
    allowed: SAME_FOR_ALL(NOBODY),
    run: (tx, c) =>
      attempt(tx, 'delete from public.activity_log where measure_id = $1', [c.measureId]),
  },

  // ─── working_groups ───
  {
    table: 'working_groups',
    operation: 'select',
    allowed: SIGNED_IN,
    run: (tx, c) =>
      attempt(tx, 'select name from public.working_groups where working_group_id = $1', [
        c.scenario.groupA.id,
      ]),
  },
  {
    table: 'working_groups',
    operation: 'insert',
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(
        tx,
        "insert into public.working_groups (theme_id, name) values ($1, 'Neue Kleingruppe aus der Matrix')",
        [c.scenario.groupA.themeId],
      ),
  },
  {
    table: 'working_groups',
    operation: 'update',
    variant: 'group A',
    allowed: MODERATOR_A,
    run: (tx, c) =>
      attempt(
        tx,
        "update public.working_groups set description = 'Neu beschrieben' where working_group_id = $1",
        [c.scenario.groupA.id],
      ),
  },
  {
    table: 'working_groups',
    operation: 'delete',
    variant: 'group A',
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(tx, 'delete from public.working_groups where working_group_id = $1', [
        c.scenario.groupA.id,
      ]),
  },

  // ─── working_group_members (group A) ───
  {
    table: 'working_group_members',
    operation: 'select',
    variant: "member A's row",
    allowed: GROUP_A,
    run: (tx, c) =>
      attempt(
        tx,
        'select role from public.working_group_members where working_group_id = $1 and user_id = $2',
        [c.scenario.groupA.id, c.scenario.accounts.memberA.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'select',
    variant: "moderator A's row",
    allowed: SIGNED_IN,
    run: (tx, c) =>
      attempt(
        tx,
        'select role from public.working_group_members where working_group_id = $1 and user_id = $2',
        [c.scenario.groupA.id, c.scenario.accounts.moderatorA.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'insert',
    variant: 'role member',
    allowed: MODERATOR_A,
    run: (tx, c) =>
      attempt(
        tx,
        "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
        [c.scenario.groupA.id, c.scenario.candidate.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'insert',
    variant: 'role moderator',
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(
        tx,
        "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'moderator')",
        [c.scenario.groupA.id, c.scenario.candidate.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'update',
    variant: "member A's role",
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(
        tx,
        "update public.working_group_members set role = 'moderator' where working_group_id = $1 and user_id = $2",
        [c.scenario.groupA.id, c.scenario.accounts.memberA.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'delete',
    variant: "member A's row",
    // The moderator removes members, admins anyone, and a member may leave.
    allowed: ['memberA', 'moderatorA', 'admin'],
    run: (tx, c) =>
      attempt(
        tx,
        'delete from public.working_group_members where working_group_id = $1 and user_id = $2',
        [c.scenario.groupA.id, c.scenario.accounts.memberA.userId],
      ),
  },
  {
    table: 'working_group_members',
    operation: 'delete',
    variant: "moderator A's row",
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(
        tx,
        'delete from public.working_group_members where working_group_id = $1 and user_id = $2',
        [c.scenario.groupA.id, c.scenario.accounts.moderatorA.userId],
      ),
  },

  // ─── networks ───
  {
    table: 'networks',
    operation: 'select',
    allowed: EVERYONE,
    run: (tx, c) =>
      attempt(tx, 'select name from public.networks where network_id = $1', [
        c.scenario.linkedNetworkId,
      ]),
  },
  {
    table: 'networks',
    operation: 'insert',
    allowed: ADMIN,
    run: (tx) =>
      attempt(tx, "insert into public.networks (name) values ('Neues Netzwerk aus der Matrix')"),
  },
  {
    table: 'networks',
    operation: 'update',
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(tx, "update public.networks set description = 'Geändert' where network_id = $1", [
        c.scenario.linkedNetworkId,
      ]),
  },
  {
    table: 'networks',
    operation: 'delete',
    allowed: ADMIN,
    run: (tx, c) =>
      attempt(tx, 'delete from public.networks where network_id = $1', [
        c.scenario.linkedNetworkId,
      ]),
  },

  // ─── working_group_invitations (group A) ───
  {
    table: 'working_group_invitations',
    operation: 'select',
    allowed: MODERATOR_A,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(tx, 'select email from public.working_group_invitations where invitation_id = $1', [
        c.scenario.invitationAId,
      ]),
  },
  {
    table: 'working_group_invitations',
    operation: 'insert',
    variant: 'role member',
    allowed: MODERATOR_A,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(
        tx,
        `insert into public.working_group_invitations (working_group_id, email, role, token_hash)
         values ($1, 'neu@test.masterplan.example', 'member', $2)`,
        [c.scenario.groupA.id, randomBytes(32)],
      ),
  },
  {
    table: 'working_group_invitations',
    operation: 'insert',
    variant: 'role moderator',
    allowed: ADMIN,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(
        tx,
        `insert into public.working_group_invitations (working_group_id, email, role, token_hash)
         values ($1, 'moderation@test.masterplan.example', 'moderator', $2)`,
        [c.scenario.groupA.id, randomBytes(32)],
      ),
  },
  {
    table: 'working_group_invitations',
    operation: 'update',
    allowed: NOBODY,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(
        tx,
        'update public.working_group_invitations set accepted_at = now() where invitation_id = $1',
        [c.scenario.invitationAId],
      ),
  },
  {
    table: 'working_group_invitations',
    operation: 'delete',
    allowed: MODERATOR_A,
    refusedWith: { code: '42501', personas: ['anon'] },
    run: (tx, c) =>
      attempt(tx, 'delete from public.working_group_invitations where invitation_id = $1', [
        c.scenario.invitationAId,
      ]),
  },
];

interface Cell {
  name: string;
  rule: Rule;
  persona: Persona;
  visibility: Visibility | null;
  expected: boolean;
  expectedCode: string | undefined;
}

function isPerVisibility(
  allowed: Allowed,
): allowed is Readonly<Record<Visibility, readonly Persona[]>> {
  return !Array.isArray(allowed);
}

const CELLS: Cell[] = RULES.flatMap((rule) => {
  const perVisibility = isPerVisibility(rule.allowed);
  const visibilities: (Visibility | null)[] = perVisibility ? [...VISIBILITIES] : [null];
  return visibilities.flatMap((visibility) =>
    PERSONAS.map((persona): Cell => {
      const allowed = isPerVisibility(rule.allowed)
        ? rule.allowed[visibility ?? 'group']
        : rule.allowed;
      const expected = allowed.includes(persona);
      const what = `${rule.operation} on ${rule.table}${rule.variant ? ` (${rule.variant})` : ''}`;
      const where = visibility ? ` of the ${visibility} measure` : '';
      return {
        name: `${persona}: ${what}${where} is ${expected ? 'allowed' : 'refused'}`,
        rule,
        persona,
        visibility,
        expected,
        expectedCode:
          !expected && rule.refusedWith?.personas.includes(persona)
            ? rule.refusedWith.code
            : undefined,
      };
    }),
  );
});

const MEASURE_SCOPED_TABLES = [
  'measures',
  'measure_organizations',
  'measure_networks',
  'activity_log',
];
const OTHER_TABLES = [
  'working_groups',
  'working_group_members',
  'networks',
  'working_group_invitations',
];

describe('row-level security on working groups, measures and their links', () => {
  let scenario: Scenario;

  beforeAll(async () => {
    scenario = await buildScenario();
  });

  it.each(CELLS.map((cell) => [cell.name, cell] as const))('%s', async (_name, cell) => {
    const visibility = cell.visibility ?? 'group';
    const outcome = await probeAs(scenario, cell.persona, (tx) =>
      cell.rule.run(tx, { scenario, visibility, measureId: scenario.measures[visibility].id }),
    );
    expect(outcome.took).toBe(cell.expected);
    if (cell.expectedCode) expect(outcome.code).toBe(cell.expectedCode);
  });

  it('covers every persona, operation and table, each measure-scoped one per visibility', () => {
    const tables = new Set(RULES.map((rule) => rule.table));
    expect([...tables].sort()).toEqual([...MEASURE_SCOPED_TABLES, ...OTHER_TABLES].sort());
    for (const table of tables) {
      const operations = new Set(RULES.filter((r) => r.table === table).map((r) => r.operation));
      expect([...operations].sort(), table).toEqual(['delete', 'insert', 'select', 'update']);
      for (const rule of RULES.filter((r) => r.table === table)) {
        expect(isPerVisibility(rule.allowed), `${table} ${rule.operation}`).toBe(
          MEASURE_SCOPED_TABLES.includes(table),
        );
      }
    }
    const perVisibilityRules = RULES.filter((rule) => isPerVisibility(rule.allowed)).length;
    const singleRules = RULES.length - perVisibilityRules;
    const expectedCells =
      (perVisibilityRules * VISIBILITIES.length + singleRules) * PERSONAS.length;
    console.log(`RLS measures matrix: ${CELLS.length} cells checked`);
    expect(CELLS.length).toBe(expectedCells);
    expect(CELLS.length).toBe(462);
    expect(new Set(CELLS.map((cell) => cell.name)).size).toBe(CELLS.length);
  });
});
