import { withService } from '../../app/lib/db/with-service.server';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../../tests/fixtures/accounts';
import { TestBrowser } from '../../tests/setup/app-server';

export interface Workspace {
  account: TestAccount;
  workingGroupId: string;
  themeId: string;
}

/** One member account in one working group: it may edit every measure created with `createDocuments`. */
export async function createWorkspace(): Promise<Workspace> {
  const account = await createTestAccount({
    organizationShortName: 'DGB',
    displayName: 'Bench Autorin',
  });
  return withService(async (tx) => {
    const { rows: themes } = await tx.query<{ theme_id: string }>(
      'select theme_id from public.themes order by position limit 1',
    );
    const themeId = themes[0]!.theme_id;
    const { rows } = await tx.query<{ working_group_id: string }>(
      "insert into public.working_groups (theme_id, name) values ($1, 'Bench-Gruppe Co-Editing') returning working_group_id",
      [themeId],
    );
    const workingGroupId = rows[0]!.working_group_id;
    await tx.query(
      "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
      [workingGroupId, account.userId],
    );
    return { account, workingGroupId, themeId };
  });
}

/** `count` new measures of the workspace's group; returns their collab document names. */
export async function createDocuments(workspace: Workspace, count: number): Promise<string[]> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ measure_id: string }>(
      `insert into public.measures (theme_id, working_group_id, title)
       select $1, $2, 'Bench-Dokument ' || i from generate_series(1, $3::int) as i
       returning measure_id`,
      [workspace.themeId, workspace.workingGroupId, count],
    );
    return rows.map((row) => measureDocumentName(row.measure_id));
  });
}

/** A signed-in session's cookie, taken through the real sign-in form of the server at `url`. */
export async function signIn(url: string, account: TestAccount): Promise<string> {
  const browser = new TestBrowser(url);
  const response = await browser.signIn(account.email, TEST_PASSWORD);
  const cookie = browser.cookieHeader();
  if (!cookie) throw new Error(`sign-in answered ${response.status} without a session cookie`);
  return cookie;
}

/**
 * Stores updates as rows, one per update, in order — what the server appends between compactions.
 * In bulk (persistence.server's appendUpdate is one transaction per row: too slow for 100,000).
 */
export async function storeUpdates(document: string, updates: Uint8Array[]): Promise<void> {
  const chunk = 5_000;
  for (let start = 0; start < updates.length; start += chunk) {
    await withService((tx) =>
      tx.query(
        `insert into collab.document_updates (document_id, update)
         select $1, u.update from unnest($2::bytea[]) with ordinality as u(update, n) order by u.n`,
        [document, updates.slice(start, start + chunk).map((update) => Buffer.from(update))],
      ),
    );
  }
}
