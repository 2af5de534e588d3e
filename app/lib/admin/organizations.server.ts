import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { notFound } from '../errors';
import {
  IdSchema,
  type AdminNotice,
  type OrganizationAction,
  type OrganizationFields,
  type OrganizationKind,
} from './admin.schema';

export interface Organization {
  organizationId: string;
  shortName: string;
  name: string;
  kind: OrganizationKind;
  website: string | null;
}

interface OrganizationRow {
  organization_id: string;
  short_name: string;
  name: string;
  kind: OrganizationKind;
  website: string | null;
}

const CONSTRAINTS: Record<string, ConstraintMessage> = {
  organizations_short_name_key: {
    status: 400,
    message: 'admin.organizations.shortNameTaken',
    field: 'shortName',
  },
};

const toOrganization = (row: OrganizationRow): Organization => ({
  organizationId: row.organization_id,
  shortName: row.short_name,
  name: row.name,
  kind: row.kind,
  website: row.website,
});

/** All organisations, by short name. */
export async function listOrganizations(tx: Tx): Promise<Organization[]> {
  const { rows } = await tx.query<OrganizationRow>(
    `select o.organization_id, o.short_name, o.name, o.kind, o.website
       from public.organizations o
      order by lower(o.short_name), o.short_name`,
  );
  return rows.map(toOrganization);
}

/** One organisation; a malformed or unknown id is a 404. */
export async function getOrganization(tx: Tx, organizationId: string): Promise<Organization> {
  const id = IdSchema.safeParse(organizationId);
  if (!id.success) throw notFound({ organizationId });
  const { rows } = await tx.query<OrganizationRow>(
    `select o.organization_id, o.short_name, o.name, o.kind, o.website
       from public.organizations o
      where o.organization_id = $1`,
    [id.data],
  );
  if (!rows[0]) throw notFound({ organizationId });
  return toOrganization(rows[0]);
}

async function createOrganization(tx: Tx, fields: OrganizationFields): Promise<void> {
  await tx
    .query(
      `insert into public.organizations (short_name, name, kind, website)
       values ($1, $2, $3, $4)`,
      [fields.shortName, fields.name, fields.kind, fields.website],
    )
    .catch((error: unknown) => toAppError(error, CONSTRAINTS));
}

async function updateOrganization(
  tx: Tx,
  organizationId: string,
  fields: OrganizationFields,
): Promise<void> {
  const { rowCount } = await tx
    .query(
      `update public.organizations
          set short_name = $2, name = $3, kind = $4, website = $5
        where organization_id = $1`,
      [organizationId, fields.shortName, fields.name, fields.kind, fields.website],
    )
    .catch((error: unknown) => toAppError(error, CONSTRAINTS));
  if (rowCount === 0) throw notFound({ organizationId });
}

/** Adds or changes an organisation; a taken short name is a field error and nothing is written. */
export async function saveOrganization(tx: Tx, action: OrganizationAction): Promise<AdminNotice> {
  switch (action.intent) {
    case 'create':
      await createOrganization(tx, action);
      return 'created';
    case 'update':
      await updateOrganization(tx, action.organizationId, action);
      return 'saved';
  }
}
