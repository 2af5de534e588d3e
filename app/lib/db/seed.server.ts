import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from './client.server';
import { insertLocalAccount, type PlatformRole } from '../auth/local-accounts.server';
import { hashPassword } from '../auth/passwords.server';
import * as Y from 'yjs';
import { encodeDocumentFromJSON, renderDocument } from '../collab/document.server';
import { withService } from './with-service.server';

/** Demo-only accounts (listed in the README). Never seeded in production unless `npm run db:seed` is run. */
export const DEMO_PASSWORD = 'Werkstatt-Demo-2026';

export const DEMO_ACCOUNTS: readonly {
  email: string;
  displayName: string;
  organization: string | null;
  platformRole: PlatformRole;
  label: string;
}[] = [
  {
    email: 'verwaltung@demo.masterplan.example',
    displayName: 'Andrea Adam',
    organization: 'Stadt Aachen FB 02',
    platformRole: 'admin',
    label: 'Verwaltung (admin)',
  },
  {
    email: 'moderation@demo.masterplan.example',
    displayName: 'Markus Moll',
    organization: 'IHK',
    platformRole: 'member',
    label: 'Moderation (IHK)',
  },
  {
    email: 'mitglied@demo.masterplan.example',
    displayName: 'Meike Marx',
    organization: 'DGB',
    platformRole: 'member',
    label: 'Mitglied (DGB)',
  },
  {
    email: 'beobachtung@demo.masterplan.example',
    displayName: 'Otto Ober',
    organization: null,
    platformRole: 'observer',
    label: 'Beobachtung',
  },
  {
    email: 'agit@demo.masterplan.example',
    displayName: 'Anke Albers',
    organization: 'AGIT',
    platformRole: 'member',
    label: 'Moderation (AGIT)',
  },
  {
    email: 'hwk@demo.masterplan.example',
    displayName: 'Hanna Hoff',
    organization: 'HWK',
    platformRole: 'member',
    label: 'Mitglied (HWK)',
  },
  {
    email: 'dgb-innovation@demo.masterplan.example',
    displayName: 'Dirk Dahm',
    organization: 'DGB',
    platformRole: 'member',
    label: 'Mitglied (DGB, andere Gruppe)',
  },
  {
    email: 'staedteregion@demo.masterplan.example',
    displayName: 'Stefanie Stein',
    organization: 'StädteRegion',
    platformRole: 'member',
    label: 'Moderation (StädteRegion)',
  },
];

interface DemoGroup {
  name: string;
  theme: string;
  description: string;
  moderators: string[];
  members: string[];
}

const G1 = 'Kleingruppe Fachkräfte und Ausbildung';
const G2 = 'Kleingruppe Innovation und Transfer';
const G3 = 'Kleingruppe Standort und Rahmenbedingungen';

const DEMO_GROUPS: DemoGroup[] = [
  {
    name: G1,
    theme: 'FK',
    description:
      'Beispiel: erarbeitet Maßnahmen zur Gewinnung, Ausbildung und Bindung von Fachkräften.',
    moderators: ['moderation@demo.masterplan.example'],
    members: ['mitglied@demo.masterplan.example', 'hwk@demo.masterplan.example'],
  },
  {
    name: G2,
    theme: 'IN',
    description: 'Beispiel: Technologietransfer zwischen Hochschulen, Forschung und Industrie.',
    moderators: ['agit@demo.masterplan.example'],
    members: ['dgb-innovation@demo.masterplan.example'],
  },
  {
    name: G3,
    theme: 'RB',
    description: 'Beispiel: Flächen, Energie, Verfahren und Standortkommunikation.',
    moderators: ['staedteregion@demo.masterplan.example'],
    members: ['mitglied@demo.masterplan.example'],
  },
];

interface DemoMeasure {
  theme: string;
  group: string | null;
  title: string;
  summary: string;
  kind: 'quick_win' | 'flagship' | 'masterplan_project' | 'open';
  status: 'idea' | 'draft' | 'consultation' | 'agreed' | 'in_progress' | 'done';
  visibility: 'group' | 'platform' | 'public';
  lead: string | null;
  partners: string[];
  networks: string[];
  progress?: number;
  horizon?: 'short' | 'medium' | 'long';
}

/** About twelve example measures, each marked as an example: not the city's real measures. */
/** The demo texts are German: the horizon as the German UI names it (messages measure.horizon.*). */
const HORIZON_DE: Record<NonNullable<DemoMeasure['horizon']>, string> = {
  short: 'kurzfristig',
  medium: 'mittelfristig',
  long: 'langfristig',
};

const DEMO_MEASURES: DemoMeasure[] = [
  {
    theme: 'FK',
    group: G1,
    title: 'Ausbildungsbotschafter in Schulen (Beispiel)',
    summary: 'Beispielmaßnahme: Auszubildende berichten in Schulen über Industrieberufe.',
    kind: 'quick_win',
    status: 'agreed',
    visibility: 'public',
    lead: 'IHK',
    partners: ['HWK', 'DGB'],
    networks: [],
    horizon: 'short',
    progress: 20,
  },
  {
    theme: 'FK',
    group: G1,
    title: 'Regionale Weiterbildungsallianz (Beispiel)',
    summary:
      'Beispielmaßnahme: gemeinsame Weiterbildungsangebote für Beschäftigte in der Industrie.',
    kind: 'flagship',
    status: 'consultation',
    visibility: 'platform',
    lead: 'DGB',
    partners: ['IHK'],
    networks: ['HWK-Berufsbildungsausschuss'],
    horizon: 'long',
  },
  {
    theme: 'FK',
    group: G1,
    title: 'Willkommensservice für internationale Fachkräfte (Beispiel)',
    summary: 'Beispielmaßnahme: Anlaufstelle für zuziehende Fachkräfte und ihre Familien.',
    kind: 'open',
    status: 'draft',
    visibility: 'group',
    lead: null,
    partners: [],
    networks: [],
  },
  {
    theme: 'FK',
    group: G1,
    title: 'Tag der Industrie-Ausbildung (Beispiel)',
    summary: 'Beispielmaßnahme: offene Werkstore für Jugendliche an einem gemeinsamen Aktionstag.',
    kind: 'quick_win',
    status: 'idea',
    visibility: 'group',
    lead: null,
    partners: [],
    networks: [],
  },
  {
    theme: 'IN',
    group: G2,
    title: 'Transferscouts für den Mittelstand (Beispiel)',
    summary:
      'Beispielmaßnahme: Scouts vermitteln Forschungsergebnisse an kleine und mittlere Industriebetriebe.',
    kind: 'flagship',
    status: 'in_progress',
    visibility: 'public',
    lead: 'AGIT',
    partners: ['IRR'],
    networks: ['AGIT – Technologietransfer'],
    horizon: 'medium',
    progress: 45,
  },
  {
    theme: 'IN',
    group: G2,
    title: 'Gründungen aus der Industrieforschung (Beispiel)',
    summary: 'Beispielmaßnahme: Ausgründungen aus Forschungsprojekten gezielt begleiten.',
    kind: 'masterplan_project',
    status: 'draft',
    visibility: 'group',
    lead: 'AGIT',
    partners: [],
    networks: ['Gründerregion Aachen'],
  },
  {
    theme: 'IN',
    group: G2,
    title: 'Innovationsgutscheine Revier (Beispiel)',
    summary: 'Beispielmaßnahme: kleine Zuschüsse für erste Innovationsprojekte mit Hochschulen.',
    kind: 'quick_win',
    status: 'idea',
    visibility: 'platform',
    lead: null,
    partners: [],
    networks: [],
  },
  {
    theme: 'RB',
    group: G3,
    title: 'Flächenpool für Industrieansiedlungen (Beispiel)',
    summary: 'Beispielmaßnahme: regional abgestimmter Pool verfügbarer Industrieflächen.',
    kind: 'flagship',
    status: 'agreed',
    visibility: 'platform',
    lead: 'StädteRegion',
    partners: ['Zweckverband', 'Stadt Aachen FB 02'],
    networks: ['Innovationsregion Rheinisches Revier'],
    horizon: 'long',
    progress: 10,
  },
  {
    theme: 'RB',
    group: G3,
    title: 'Lotsendienst für Genehmigungsverfahren (Beispiel)',
    summary: 'Beispielmaßnahme: eine Ansprechperson begleitet Unternehmen durch Genehmigungen.',
    kind: 'quick_win',
    status: 'done',
    visibility: 'public',
    lead: 'Stadt Aachen FB 02',
    partners: ['StädteRegion'],
    networks: [],
    horizon: 'short',
    progress: 100,
  },
  {
    theme: 'RB',
    group: G3,
    title: 'Energiekosten-Dialog mit Netzbetreibern (Beispiel)',
    summary: 'Beispielmaßnahme: regelmäßiger Austausch zu Netzentgelten und Versorgungssicherheit.',
    kind: 'open',
    status: 'idea',
    visibility: 'group',
    lead: null,
    partners: [],
    networks: [],
  },
  {
    theme: 'SK',
    group: null,
    title: 'Dachmarke Industrieregion Aachen (Beispiel)',
    summary: 'Beispielmaßnahme: gemeinsamer Auftritt der Region als Industriestandort.',
    kind: 'masterplan_project',
    status: 'consultation',
    visibility: 'platform',
    lead: 'Zweckverband',
    partners: ['IHK', 'Stadt Aachen FB 02'],
    networks: ['Zweckverband Region Aachen – Regionalmarketing'],
    horizon: 'medium',
  },
  {
    theme: 'SK',
    group: null,
    title: 'Industrie-Erlebnistage (Beispiel)',
    summary: 'Beispielmaßnahme: Betriebe öffnen ihre Türen für Bürgerinnen und Bürger.',
    kind: 'quick_win',
    status: 'idea',
    visibility: 'public',
    lead: 'IHK',
    partners: [],
    networks: [],
  },
];

/** Three Kleingruppen with moderators and members from different organisations, and the example measures. */
async function seedDemoWorkspace(): Promise<void> {
  await withService(async (tx) => {
    const lookup = async (sql: string) =>
      new Map((await tx.query<{ k: string; v: string }>(sql)).rows.map((row) => [row.k, row.v]));
    const users = await lookup('select email as k, id::text as v from auth.users');
    const themes = await lookup('select code as k, theme_id::text as v from public.themes');
    const orgs = await lookup(
      'select short_name as k, organization_id::text as v from public.organizations',
    );
    const networks = await lookup('select name as k, network_id::text as v from public.networks');
    const admin = users.get(DEMO_ACCOUNTS[0]!.email) ?? null;
    const groups = new Map<string, string>();
    for (const group of DEMO_GROUPS) {
      const { rows } = await tx.query<{ working_group_id: string }>(
        `insert into public.working_groups (theme_id, name, description, created_by) values ($1, $2, $3, $4)
         returning working_group_id`,
        [themes.get(group.theme), group.name, group.description, admin],
      );
      const groupId = rows[0]!.working_group_id;
      groups.set(group.name, groupId);
      const memberships = [
        ...group.moderators.map((email) => [email, 'moderator'] as const),
        ...group.members.map((email) => [email, 'member'] as const),
      ];
      for (const [email, role] of memberships) {
        await tx.query(
          'insert into public.working_group_members (working_group_id, user_id, role, added_by) values ($1, $2, $3, $4)',
          [groupId, users.get(email), role, admin],
        );
      }
    }
    for (const measure of DEMO_MEASURES) {
      const { rows } = await tx.query<{ measure_id: string }>(
        `insert into public.measures (theme_id, working_group_id, title, summary, kind, status, visibility, horizon,
                                      progress, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning measure_id`,
        [
          themes.get(measure.theme),
          measure.group ? groups.get(measure.group) : null,
          measure.title,
          measure.summary,
          measure.kind,
          measure.status,
          measure.visibility,
          measure.horizon ?? null,
          measure.progress ?? 0,
          admin,
        ],
      );
      const measureId = rows[0]!.measure_id;
      // The text lives in the measure's Yjs document; the derived HTML/text are rendered from it.
      const state = encodeDocumentFromJSON({
        type: 'doc',
        // The binding sections of the template (see the sign-off rules), filled with example text.
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', marks: [{ type: 'italic' }], text: 'Beispieltext für die Demo.' },
            ],
          },
          ...demoSection('Ziel', measure.summary),
          ...demoSection(
            'Zuständigkeit',
            measure.lead
              ? `Federführung: ${measure.lead}${measure.partners.length > 0 ? `; Partner: ${measure.partners.join(', ')}` : ''}.`
              : 'Wird in der Kleingruppe geklärt.',
          ),
          ...demoSection(
            'Ressourcen',
            'Personal der beteiligten Organisationen; Fördermittel werden geprüft.',
          ),
          ...demoSection(
            'Zeitplan',
            measure.horizon ? `Zeithorizont: ${HORIZON_DE[measure.horizon]}.` : 'Noch offen.',
          ),
        ],
      });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const { html, text } = renderDocument(doc);
      doc.destroy();
      await tx.query(
        'insert into collab.document_snapshots (document_id, state, upto_seq) values ($1, $2, 0)',
        [`measure:${measureId}`, Buffer.from(state)],
      );
      await tx.query(
        'update public.measures set content_html = $2, content_text = $3 where measure_id = $1',
        [measureId, html, text],
      );
      const links = [
        ...(measure.lead ? [[measure.lead, 'lead'] as const] : []),
        ...measure.partners.map((partner) => [partner, 'partner'] as const),
      ];
      for (const [organization, role] of links) {
        await tx.query(
          'insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, $3)',
          [measureId, orgs.get(organization), role],
        );
      }
      for (const network of measure.networks) {
        await tx.query(
          'insert into public.measure_networks (measure_id, network_id) values ($1, $2)',
          [measureId, networks.get(network)],
        );
      }
      // Agreed measures were signed by their lead and partners (by a signer of that organisation).
      if (['agreed', 'in_progress', 'done'].includes(measure.status) && links.length > 0) {
        const { rows: version } = await tx.query<{ version_id: string }>(
          "insert into public.measure_versions (measure_id, name, kind, created_by) values ($1, 'Zur Mitzeichnung', 'signature', $2) returning version_id",
          [measureId, admin],
        );
        for (const [organization] of links) {
          const signer = DEMO_ACCOUNTS.find((account) => account.organization === organization);
          await tx.query(
            `insert into public.measure_signatures (measure_id, organization_id, version_id, binding_hash, signed_by)
             values ($1, $2, $3, '', $4)`,
            [
              measureId,
              orgs.get(organization),
              version[0]!.version_id,
              signer ? users.get(signer.email) : null,
            ],
          );
        }
      }
    }
    // Each organisation's demo account may sign for it.
    await tx.query(
      'update public.profiles set can_sign = true where organization_id is not null and profile_id = any($1)',
      [[...users.values()]],
    );
  });
}

function demoSection(heading: string, text: string) {
  return [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: heading }] },
    { type: 'paragraph', content: [{ type: 'text', text }] },
  ];
}

export interface SeedResult {
  createdAccounts: string[];
}

/** Runs supabase/seed.sql (idempotent reference data), as `supabase db reset` would. */
export async function applySeedSql(database: Database, root = process.cwd()): Promise<void> {
  const sql = await readFile(resolve(root, 'supabase/seed.sql'), 'utf8');
  const client = await database.pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}

/** Reference data from supabase/seed.sql (idempotent) plus the demo accounts when there are no accounts yet. */
export async function seed(database: Database, root = process.cwd()): Promise<SeedResult> {
  await applySeedSql(database, root);
  const hasAccounts = await withService(async (tx) => {
    const { rows } = await tx.query<{ has_accounts: boolean }>(
      'select exists (select 1 from auth.users) as has_accounts',
    );
    return rows[0]?.has_accounts ?? false;
  });
  if (hasAccounts) return { createdAccounts: [] };
  const organizations = await withService(async (tx) => {
    const { rows } = await tx.query<{ organization_id: string; short_name: string }>(
      'select organization_id, short_name from public.organizations',
    );
    return new Map(rows.map((row) => [row.short_name, row.organization_id]));
  });
  const createdAccounts: string[] = [];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await insertLocalAccount({
      email: account.email,
      passwordHash,
      displayName: account.displayName,
      organizationId: account.organization
        ? (organizations.get(account.organization) ?? null)
        : null,
      platformRole: account.platformRole,
    });
    createdAccounts.push(account.email);
  }
  await seedDemoWorkspace();
  return { createdAccounts };
}
