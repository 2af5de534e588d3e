import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { notFound } from '../errors';
import { IdSchema, type AdminNotice, type NetworkAction, type NetworkFields } from './admin.schema';

export interface Network {
  networkId: string;
  name: string;
  description: string;
  /** Themenfelder in their display order. */
  themeIds: string[];
  website: string | null;
}

interface NetworkRow {
  network_id: string;
  name: string;
  description: string;
  theme_ids: string[];
  website: string | null;
}

const CONSTRAINTS: Record<string, ConstraintMessage> = {
  networks_name_key: { status: 400, message: 'admin.networks.nameTaken', field: 'name' },
};

// theme_ids has no foreign key: ids are kept only if the Themenfeld exists, ordered by position.
const knownThemeIds = (param: string) =>
  `array(select t.theme_id from public.themes t where t.theme_id = any (${param}::uuid[]) order by t.position)`;

const NETWORK_COLUMNS = `n.network_id, n.name, n.description, n.website,
       array(select t.theme_id::text from public.themes t
              where t.theme_id = any (n.theme_ids) order by t.position) as theme_ids`;

const toNetwork = (row: NetworkRow): Network => ({
  networkId: row.network_id,
  name: row.name,
  description: row.description,
  themeIds: row.theme_ids,
  website: row.website,
});

/** All networks and bodies, by name. */
export async function listNetworks(tx: Tx): Promise<Network[]> {
  const { rows } = await tx.query<NetworkRow>(
    `select ${NETWORK_COLUMNS}
       from public.networks n
      order by lower(n.name), n.name`,
  );
  return rows.map(toNetwork);
}

/** One network; a malformed or unknown id is a 404. */
export async function getNetwork(tx: Tx, networkId: string): Promise<Network> {
  const id = IdSchema.safeParse(networkId);
  if (!id.success) throw notFound({ networkId });
  const { rows } = await tx.query<NetworkRow>(
    `select ${NETWORK_COLUMNS}
       from public.networks n
      where n.network_id = $1`,
    [id.data],
  );
  if (!rows[0]) throw notFound({ networkId });
  return toNetwork(rows[0]);
}

async function createNetwork(tx: Tx, fields: NetworkFields): Promise<void> {
  await tx
    .query(
      `insert into public.networks (name, description, website, theme_ids)
       values ($1, $2, $3, ${knownThemeIds('$4')})`,
      [fields.name, fields.description, fields.website, fields.themeIds],
    )
    .catch((error: unknown) => toAppError(error, CONSTRAINTS));
}

async function updateNetwork(tx: Tx, networkId: string, fields: NetworkFields): Promise<void> {
  const { rowCount } = await tx
    .query(
      `update public.networks
          set name = $2, description = $3, website = $5, theme_ids = ${knownThemeIds('$4')}
        where network_id = $1`,
      [networkId, fields.name, fields.description, fields.themeIds, fields.website],
    )
    .catch((error: unknown) => toAppError(error, CONSTRAINTS));
  if (rowCount === 0) throw notFound({ networkId });
}

async function deleteNetwork(tx: Tx, networkId: string): Promise<void> {
  const { rowCount } = await tx.query('delete from public.networks where network_id = $1', [
    networkId,
  ]);
  if (rowCount === 0) throw notFound({ networkId });
}

/** Adds, changes or deletes a network; a taken name is a field error and nothing is written. */
export async function saveNetwork(tx: Tx, action: NetworkAction): Promise<AdminNotice> {
  switch (action.intent) {
    case 'create':
      await createNetwork(tx, action);
      return 'created';
    case 'update':
      await updateNetwork(tx, action.networkId, action);
      return 'saved';
    case 'delete':
      await deleteNetwork(tx, action.networkId);
      return 'deleted';
  }
}
