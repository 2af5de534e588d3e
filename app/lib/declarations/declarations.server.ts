import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { forbidden, notFound } from '../errors';
import type { Locale } from '../i18n/i18n';
import type { MeasureKind } from '../measures/measures.schema';
import type { UserDb } from '../measures/measures.server';
import { diffWords, type DiffPart } from '../review/diff';
import {
  DeclarationIdSchema,
  type DeclarationAction,
  type DeclarationForm,
  type DeclarationStatus,
} from './declarations.schema';

const DECLARATION_CONSTRAINTS: Record<string, ConstraintMessage> = {
  declarations_frozen: { status: 409, message: 'declarations.error.frozen' },
  declarations_need_measures: { status: 400, message: 'declarations.error.noMeasures' },
};

function write<T>(db: UserDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, DECLARATION_CONSTRAINTS));
}

export function parseDeclarationId(raw: string | undefined): string {
  const parsed = DeclarationIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound({ declarationId: raw });
  return parsed.data;
}

export interface DeclarationSummary {
  declarationId: string;
  title: string;
  status: DeclarationStatus;
  frozenAt: string | null;
  updatedAt: string;
  measureCount: number;
  signatureCount: number;
}

/** The declarations the caller may see (compilers: all; everyone else: frozen ones), newest first. */
export async function listDeclarations(tx: Tx): Promise<{
  declarations: DeclarationSummary[];
  canCompile: boolean;
}> {
  const { rows } = await tx.query<{
    declaration_id: string;
    title: string;
    status: DeclarationStatus;
    frozen_at: Date | null;
    updated_at: Date;
    measure_count: number;
    signature_count: number;
  }>(
    `select d.declaration_id, d.title, d.status, d.frozen_at, d.updated_at,
            (select count(*)::int from public.declaration_measures dm where dm.declaration_id = d.declaration_id) as measure_count,
            (select count(*)::int from public.declaration_signatures s where s.declaration_id = d.declaration_id) as signature_count
       from public.declarations d order by d.updated_at desc, d.title`,
  );
  const { rows: can } = await tx.query<{ can_compile: boolean }>(
    'select app_private.can_compile_declarations() as can_compile',
  );
  return {
    declarations: rows.map((row) => ({
      declarationId: row.declaration_id,
      title: row.title,
      status: row.status,
      frozenAt: row.frozen_at?.toISOString() ?? null,
      updatedAt: row.updated_at.toISOString(),
      measureCount: row.measure_count,
      signatureCount: row.signature_count,
    })),
    canCompile: can[0]?.can_compile ?? false,
  };
}

export interface DeclaredMeasure {
  measureId: string;
  code: string;
  title: string;
  kind: MeasureKind;
  summary: string;
  contentHtml: string;
  contentText: string;
  /** Pinned version while frozen; null while draft (the live text is shown). */
  version: { versionId: string; number: number; name: string } | null;
  /** Organisations whose measure signature is bound to the shown text. */
  signedBy: string[];
  organizations: { shortName: string; role: string }[];
}

export interface DeclarationTheme {
  themeId: string;
  code: string;
  name: string;
  measures: DeclaredMeasure[];
}

export interface DeclarationSigner {
  organizationId: string;
  shortName: string;
  name: string;
  signedByName: string | null;
  signedAt: string | null;
  canSign: boolean;
}

export interface DeclarationDetail {
  declarationId: string;
  title: string;
  preamble: string;
  commitments: string;
  status: DeclarationStatus;
  frozenAt: string | null;
  frozenByName: string | null;
  updatedAt: string;
  themes: DeclarationTheme[];
  measureIds: string[];
  /** Measures of the declaration the caller cannot read (RLS hides them). */
  hiddenMeasureCount: number;
  signers: DeclarationSigner[];
  canCompile: boolean;
}

interface MeasureRow {
  measure_id: string;
  position: number;
  theme_id: string;
  theme_code: string;
  theme_name: string;
  theme_position: number;
  code: string;
  title: string;
  kind: MeasureKind;
  summary: string;
  content_html: string;
  content_text: string;
  version_id: string | null;
  version_number: number | null;
  version_name: string | null;
  signed_by: string[];
  organizations: { shortName: string; role: string }[];
}

/**
 * The declaration as the caller may read it. A draft shows each measure's live text; a frozen one
 * the text, title and kind of the pinned version, and which organisations signed exactly that text.
 */
export async function getDeclaration(
  tx: Tx,
  declarationId: string,
  locale: Locale,
): Promise<DeclarationDetail> {
  const { rows } = await tx.query<{
    title: string;
    preamble: string;
    commitments: string;
    status: DeclarationStatus;
    frozen_at: Date | null;
    frozen_by_name: string | null;
    updated_at: Date;
    total: number;
    can_compile: boolean;
  }>(
    `select d.title, d.preamble, d.commitments, d.status, d.frozen_at, p.display_name as frozen_by_name,
            d.updated_at,
            (select count(*)::int from public.declaration_measures dm where dm.declaration_id = d.declaration_id) as total,
            app_private.can_compile_declarations() as can_compile
       from public.declarations d left join public.profiles p on p.profile_id = d.frozen_by
      where d.declaration_id = $1`,
    [declarationId],
  );
  const head = rows[0];
  if (!head) throw notFound({ declarationId });

  const nameColumn = locale === 'en' ? 't.name_en' : 't.name_de';
  const { rows: measureRows } = await tx.query<MeasureRow>(
    `select m.measure_id, dm.position, t.theme_id, t.code as theme_code, ${nameColumn} as theme_name,
            t.position as theme_position, m.code,
            coalesce(v.metadata ->> 'title', m.title) as title,
            coalesce(v.metadata ->> 'kind', m.kind) as kind,
            coalesce(v.metadata ->> 'summary', m.summary) as summary,
            coalesce(v.content_html, m.content_html) as content_html,
            coalesce(v.content_text, m.content_text) as content_text,
            v.version_id, v.number as version_number, v.name as version_name,
            coalesce((select array_agg(o.short_name order by o.short_name)
                        from public.measure_signatures s
                        join public.organizations o on o.organization_id = s.organization_id
                       where s.measure_id = m.measure_id
                         and s.binding_hash = coalesce(v.binding_hash, (select b.binding_hash from public.measure_binding_state b where b.measure_id = m.measure_id))),
                     '{}') as signed_by,
            coalesce(v.metadata -> 'organizations', (
              select jsonb_agg(jsonb_build_object('shortName', o.short_name, 'role', mo.role) order by mo.role, o.short_name)
                from public.measure_organizations mo join public.organizations o on o.organization_id = mo.organization_id
               where mo.measure_id = m.measure_id), '[]') as organizations
       from public.declaration_measures dm
       join public.measures m on m.measure_id = dm.measure_id
       join public.themes t on t.theme_id = m.theme_id
       left join public.measure_versions v on v.version_id = dm.version_id
      where dm.declaration_id = $1
      order by t.position, dm.position, m.code`,
    [declarationId],
  );
  const themes: DeclarationTheme[] = [];
  for (const row of measureRows) {
    let theme = themes.find((entry) => entry.themeId === row.theme_id);
    if (!theme) {
      theme = { themeId: row.theme_id, code: row.theme_code, name: row.theme_name, measures: [] };
      themes.push(theme);
    }
    theme.measures.push({
      measureId: row.measure_id,
      code: row.code,
      title: row.title,
      kind: row.kind,
      summary: row.summary,
      contentHtml: row.content_html,
      contentText: row.content_text,
      version:
        row.version_id && row.version_number !== null && row.version_name !== null
          ? { versionId: row.version_id, number: row.version_number, name: row.version_name }
          : null,
      signedBy: row.signed_by,
      organizations: row.organizations,
    });
  }

  const { rows: signerRows } = await tx.query<{
    organization_id: string;
    short_name: string;
    name: string;
    signed_by_name: string | null;
    signed_at: Date | null;
    can_sign: boolean;
  }>(
    `select o.organization_id, o.short_name, o.name, p.display_name as signed_by_name, s.signed_at,
            app_private.can_sign_declaration($1, o.organization_id) as can_sign
       from public.organizations o
       left join public.declaration_signatures s on s.declaration_id = $1 and s.organization_id = o.organization_id
       left join public.profiles p on p.profile_id = s.signed_by
      where s.organization_id is not null or exists (
              select 1 from public.declaration_measures dm
                join public.measure_organizations mo on mo.measure_id = dm.measure_id
               where dm.declaration_id = $1 and mo.organization_id = o.organization_id
                 and mo.role in ('lead', 'partner'))
      order by o.short_name`,
    [declarationId],
  );

  return {
    declarationId,
    title: head.title,
    preamble: head.preamble,
    commitments: head.commitments,
    status: head.status,
    frozenAt: head.frozen_at?.toISOString() ?? null,
    frozenByName: head.frozen_by_name,
    updatedAt: head.updated_at.toISOString(),
    themes,
    measureIds: measureRows.map((row) => row.measure_id),
    hiddenMeasureCount: head.total - measureRows.length,
    signers: signerRows.map((row) => ({
      organizationId: row.organization_id,
      shortName: row.short_name,
      name: row.name,
      signedByName: row.signed_by_name,
      signedAt: row.signed_at?.toISOString() ?? null,
      canSign: row.can_sign,
    })),
    canCompile: head.can_compile,
  };
}

export interface MeasureOption {
  measureId: string;
  code: string;
  title: string;
  kind: MeasureKind;
  themeName: string;
}

/** Measures a compiler may put into a declaration: what they can read, not discarded. */
export async function listDeclarableMeasures(tx: Tx, locale: Locale): Promise<MeasureOption[]> {
  const nameColumn = locale === 'en' ? 't.name_en' : 't.name_de';
  const { rows } = await tx.query<{
    measure_id: string;
    code: string;
    title: string;
    kind: MeasureKind;
    theme_name: string;
  }>(
    `select m.measure_id, m.code, m.title, m.kind, ${nameColumn} as theme_name
       from public.measures m join public.themes t on t.theme_id = m.theme_id
      where m.status <> 'discarded' order by t.position, m.code`,
  );
  return rows.map((row) => ({
    measureId: row.measure_id,
    code: row.code,
    title: row.title,
    kind: row.kind,
    themeName: row.theme_name,
  }));
}

async function replaceMeasures(tx: Tx, declarationId: string, measureIds: string[]): Promise<void> {
  await tx.query('delete from public.declaration_measures where declaration_id = $1', [
    declarationId,
  ]);
  const unique = [...new Set(measureIds)];
  if (unique.length === 0) return;
  await tx.query(
    `insert into public.declaration_measures (declaration_id, measure_id, position)
     select $1, id, ordinality from unnest($2::uuid[]) with ordinality as chosen(id, ordinality)`,
    [declarationId, unique],
  );
}

/** Starts a draft declaration (moderators and admins). */
export function createDeclaration(db: UserDb, form: DeclarationForm): Promise<string> {
  return write(db, async (tx) => {
    const { rows } = await tx.query<{ declaration_id: string }>(
      `insert into public.declarations (title, preamble, commitments) values ($1, $2, $3)
       returning declaration_id`,
      [form.title, form.preamble, form.commitments],
    );
    const declarationId = rows[0]!.declaration_id;
    await replaceMeasures(tx, declarationId, form.measureIds);
    return declarationId;
  });
}

/** Changes a draft: texts and measures. A frozen declaration refuses (409). */
export function updateDeclaration(
  db: UserDb,
  declarationId: string,
  form: DeclarationForm,
): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `update public.declarations set title = $2, preamble = $3, commitments = $4
        where declaration_id = $1`,
      [declarationId, form.title, form.preamble, form.commitments],
    );
    if (!rowCount) {
      const { rowCount: visible } = await tx.query(
        'select 1 from public.declarations where declaration_id = $1',
        [declarationId],
      );
      throw visible ? forbidden({ declarationId }) : notFound({ declarationId });
    }
    await replaceMeasures(tx, declarationId, form.measureIds);
  });
}

/** Einfrieren: pins every measure to a version with its current text (in the database). */
export function freezeDeclaration(db: UserDb, declarationId: string): Promise<void> {
  return write(db, async (tx) => {
    await tx.query('select app_private.freeze_declaration($1)', [declarationId]);
  });
}

/** The declaration page's forms, run as the caller. */
export async function performDeclarationAction(
  db: UserDb,
  declarationId: string,
  action: DeclarationAction,
): Promise<void> {
  switch (action.intent) {
    case 'freeze':
      return freezeDeclaration(db, declarationId);
    case 'sign':
      return write(db, async (tx) => {
        await tx.query(
          `insert into public.declaration_signatures (declaration_id, organization_id) values ($1, $2)
           on conflict (declaration_id, organization_id) do nothing`,
          [declarationId, action.organizationId],
        );
      });
    case 'withdraw':
      return write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'delete from public.declaration_signatures where declaration_id = $1 and organization_id = $2',
          [declarationId, action.organizationId],
        );
        if (!rowCount) throw forbidden({ declarationId });
      });
    case 'delete':
      return write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'delete from public.declarations where declaration_id = $1',
          [declarationId],
        );
        if (!rowCount) throw forbidden({ declarationId });
      });
  }
}

export type MeasureComparison =
  | { kind: 'added' | 'removed'; code: string; title: string; measureId: string }
  | {
      kind: 'same' | 'changed';
      code: string;
      title: string;
      measureId: string;
      titleBefore: string;
      parts: DiffPart[];
    };

export interface DeclarationComparison {
  a: { declarationId: string; title: string; status: DeclarationStatus };
  b: { declarationId: string; title: string; status: DeclarationStatus };
  preamble: DiffPart[];
  commitments: DiffPart[];
  measures: MeasureComparison[];
}

/** Two declarations measure by measure: added, removed, and the word changes of each shared text. */
export async function compareDeclarations(
  tx: Tx,
  aId: string,
  bId: string,
  locale: Locale,
): Promise<DeclarationComparison> {
  const a = await getDeclaration(tx, aId, locale);
  const b = await getDeclaration(tx, bId, locale);
  const flat = (detail: DeclarationDetail) =>
    new Map(detail.themes.flatMap((theme) => theme.measures).map((m) => [m.measureId, m]));
  const before = flat(a);
  const after = flat(b);
  const measures: MeasureComparison[] = [];
  for (const measure of before.values()) {
    const other = after.get(measure.measureId);
    if (!other) {
      measures.push({
        kind: 'removed',
        code: measure.code,
        title: measure.title,
        measureId: measure.measureId,
      });
      continue;
    }
    const parts = diffWords(measure.contentText, other.contentText);
    const isSame = measure.title === other.title && parts.every((part) => part.kind === 'equal');
    measures.push({
      kind: isSame ? 'same' : 'changed',
      code: other.code,
      title: other.title,
      titleBefore: measure.title,
      measureId: measure.measureId,
      parts,
    });
  }
  for (const measure of after.values()) {
    if (!before.has(measure.measureId))
      measures.push({
        kind: 'added',
        code: measure.code,
        title: measure.title,
        measureId: measure.measureId,
      });
  }
  measures.sort((x, y) => x.code.localeCompare(y.code, 'de'));
  return {
    a: { declarationId: aId, title: a.title, status: a.status },
    b: { declarationId: bId, title: b.title, status: b.status },
    preamble: diffWords(a.preamble, b.preamble),
    commitments: diffWords(a.commitments, b.commitments),
    measures,
  };
}

export type RoadmapEntry =
  | {
      kind: 'milestone';
      date: string;
      title: string;
      done: boolean;
      measureId: string;
      measureCode: string;
      organization: string | null;
    }
  | {
      kind: 'meeting';
      date: string;
      startsAt: string;
      title: string;
      meetingId: string;
      groupName: string | null;
    };

/**
 * The Fahrplan: milestones of the given measures (all readable measures when none are given) and
 * the meetings the caller sees, in date order (Europe/Berlin calendar days).
 */
export async function loadRoadmap(tx: Tx, measureIds: string[] | null): Promise<RoadmapEntry[]> {
  const { rows: milestones } = await tx.query<{
    due_date: string;
    title: string;
    done: boolean;
    measure_id: string;
    code: string;
    short_name: string | null;
  }>(
    `select to_char(ms.due_date, 'YYYY-MM-DD') as due_date, ms.title, ms.done_date is not null as done,
            m.measure_id, m.code, o.short_name
       from public.milestones ms
       join public.measures m on m.measure_id = ms.measure_id
       left join public.organizations o on o.organization_id = ms.responsible_organization_id
      where $1::uuid[] is null or ms.measure_id = any($1::uuid[])
      order by ms.due_date, m.code`,
    [measureIds],
  );
  const { rows: meetings } = await tx.query<{
    meeting_id: string;
    title: string;
    starts_at: Date;
    day: string;
    group_name: string | null;
  }>(
    `select mt.meeting_id, mt.title, mt.starts_at,
            to_char(mt.starts_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day, g.name as group_name
       from public.meetings mt left join public.working_groups g on g.working_group_id = mt.working_group_id
      where $1::uuid[] is null or mt.working_group_id is null
         or exists (select 1 from public.meeting_agenda_measures am
                     where am.meeting_id = mt.meeting_id and am.measure_id = any($1::uuid[]))
      order by mt.starts_at`,
    [measureIds],
  );
  const entries: RoadmapEntry[] = [
    ...milestones.map((row) => ({
      kind: 'milestone' as const,
      date: row.due_date,
      title: row.title,
      done: row.done,
      measureId: row.measure_id,
      measureCode: row.code,
      organization: row.short_name,
    })),
    ...meetings.map((row) => ({
      kind: 'meeting' as const,
      date: row.day,
      startsAt: row.starts_at.toISOString(),
      title: row.title,
      meetingId: row.meeting_id,
      groupName: row.group_name,
    })),
  ];
  return entries.sort((x, y) => x.date.localeCompare(y.date));
}
