// Compaction off the event loop: snapshot + tail applied to a fresh Y.Doc and re-encoded.
// (Never a flat Y.mergeUpdates over thousands of updates, which is super-linear.)
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort.on('message', ({ id, snapshot, updates }) => {
  try {
    const doc = new Y.Doc();
    doc.transact(() => {
      if (snapshot) Y.applyUpdate(doc, snapshot);
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const state = Y.encodeStateAsUpdate(doc);
    const hasPending = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    doc.destroy();
    parentPort.postMessage({ id, state, hasPending }, [state.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
