/**
 * What the rest of the app may ask of the running collaboration server about one document, without
 * holding a reference to it: route modules live in the server build, a separate module graph from
 * the process entry that starts the collab server, so the registration goes through `globalThis`.
 * Without a running collab server (tests of loaders and actions, scripts) both calls do nothing.
 */
export interface CollabDocumentsControl {
  /**
   * Stores every update the server holds for the document and brings its derived text and HTML up
   * to date before it resolves. Call before an action that freezes the document's derived text.
   */
  settle(documentName: string): Promise<void>;
  /** Asks Postgres again, now, what every open connection to the document may do. */
  recheck(documentName: string): Promise<void>;
}

const KEY = Symbol.for('masterplan-werkstatt.collab-documents');
type Holder = { [KEY]?: CollabDocumentsControl };

export function registerCollabDocuments(control: CollabDocumentsControl | undefined): void {
  (globalThis as Holder)[KEY] = control;
}

/** See {@link CollabDocumentsControl.settle}. */
export async function settleCollabDocument(documentName: string): Promise<void> {
  await (globalThis as Holder)[KEY]?.settle(documentName);
}

/** See {@link CollabDocumentsControl.recheck}. */
export async function recheckCollabDocument(documentName: string): Promise<void> {
  await (globalThis as Holder)[KEY]?.recheck(documentName);
}
