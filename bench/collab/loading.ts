/**
 * Cold loads: a client with nothing opens a document that is not in memory; ready = the server's
 * sync step 2 arrived. Stored as a snapshot only (after compaction), or as rows: 499 session
 * updates of a 1 MB document (the longest tail the server leaves uncompacted), or 100,000 single
 * keystrokes (the server then compacts on load). After the first load has compacted, the same
 * document is loaded again from its snapshot, and then as the server itself leaves a document at
 * worst: that snapshot plus a tail of 499 single-keystroke rows (it compacts at 500).
 */
import { readDocument, writeSnapshot } from '../../app/server/collab/persistence.server';
import { summarize } from '../support';
import { buildDocument, loadTrace, traceUpdates } from './documents';
import { createDocuments, storeUpdates, type Workspace } from './fixtures';
import { openProbe } from './probe';
import { pollUntil, type ServerUnderTest } from './servers';

export interface LoadingSpec {
  megabyteSamples: number;
  megabyteTailDocuments: number;
  editCount: number;
  editDocuments: number;
  editSnapshotSamples: number;
}

export interface LoadingResult {
  megabyteBytes: number;
  megabyteSnapshot: ReturnType<typeof summarize>;
  megabyteRows: ReturnType<typeof summarize>;
  megabyteRowsAfter: ReturnType<typeof summarize>;
  editRows: ReturnType<typeof summarize>;
  editTail: ReturnType<typeof summarize>;
  editSnapshot: ReturnType<typeof summarize>;
  editSnapshotBytes: number;
}

async function coldLoad(
  server: ServerUnderTest,
  document: string,
  headers: Record<string, string>,
) {
  await pollUntil(async () => (await server.sample()).collab?.rooms === 0, 'rooms to unload');
  const probe = openProbe(`${server.wsUrl}/${document}`, headers);
  try {
    return await probe.ready;
  } finally {
    probe.close();
  }
}

export async function runLoading(
  spec: LoadingSpec,
  server: ServerUnderTest,
  workspace: Workspace,
  headers: Record<string, string>,
): Promise<LoadingResult> {
  const megabyte = buildDocument(900_000, 499);
  const [snapshotDocument, ...tailDocuments] = await createDocuments(
    workspace,
    1 + spec.megabyteTailDocuments,
  );
  await writeSnapshot(snapshotDocument!, megabyte.state, 0);
  for (const document of tailDocuments) await storeUpdates(document, megabyte.updates);

  const TAIL_ROWS = 499;
  const all = traceUpdates(loadTrace('automerge-paper'), spec.editCount + TAIL_ROWS);
  const edits = all.slice(0, all.length - TAIL_ROWS);
  const tail = all.slice(all.length - TAIL_ROWS);
  const editDocuments = await createDocuments(workspace, spec.editDocuments);
  for (const document of editDocuments) await storeUpdates(document, edits);

  await coldLoad(server, snapshotDocument!, headers);
  const megabyteSnapshot: number[] = [];
  for (let i = 0; i < spec.megabyteSamples; i += 1)
    megabyteSnapshot.push(await coldLoad(server, snapshotDocument!, headers));
  const megabyteRows: number[] = [];
  const megabyteRowsAfter: number[] = [];
  for (const document of tailDocuments)
    megabyteRows.push(await coldLoad(server, document, headers));
  for (const document of tailDocuments)
    megabyteRowsAfter.push(await coldLoad(server, document, headers));

  const editRows: number[] = [];
  for (const document of editDocuments) editRows.push(await coldLoad(server, document, headers));
  const editSnapshot: number[] = [];
  for (let i = 0; i < spec.editSnapshotSamples; i += 1)
    editSnapshot.push(await coldLoad(server, editDocuments[i % editDocuments.length]!, headers));

  const editSnapshotBytes = (await readDocument(editDocuments[0]!)).snapshot?.byteLength ?? NaN;
  const editTail: number[] = [];
  for (const document of editDocuments) {
    await pollUntil(async () => (await server.sample()).collab?.rooms === 0, 'rooms to unload');
    await storeUpdates(document, tail);
    editTail.push(await coldLoad(server, document, headers));
  }
  return {
    megabyteBytes: megabyte.state.byteLength,
    megabyteSnapshot: summarize(megabyteSnapshot),
    megabyteRows: summarize(megabyteRows),
    megabyteRowsAfter: summarize(megabyteRowsAfter),
    editRows: summarize(editRows),
    editTail: summarize(editTail),
    editSnapshot: summarize(editSnapshot),
    editSnapshotBytes,
  };
}
