/**
 * Measured clients: y-websocket's WebsocketProvider, as in the browser, typing into their own
 * paragraph at a fixed rate and moving their caret in awareness with every keystroke. Each
 * keystroke is timed from the sender's transaction to (a) its arrival at every other typist and
 * (b) the MESSAGE_PERSISTED whose state vector covers it.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../app/lib/collab/editor-extensions';
import { MESSAGE_PERSISTED } from '../../app/lib/collab/protocol';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzäöüß ';

/** Shared by the typists of one scenario: send times and the samples taken while recording. */
export class Recorder {
  readonly sentAt = new Map<number, Map<number, number>>();
  readonly propagation: number[] = [];
  readonly acknowledgement: number[] = [];
  keystrokes = 0;
  /** Every keystroke, recorded or not. */
  typed = 0;
  /** Bytes of the typists' own Yjs updates since typing started. */
  updateBytes = 0;
  isRecording = false;
  readonly closesByCode: Record<string, number> = {};
}

/** The WebSocket class handed to WebsocketProvider: sends the session cookie and Origin. */
export function headerSocket(headers: Record<string, string>) {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers, perMessageDeflate: false });
    }
  };
}

export class Typist {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private text: Y.XmlText | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly unacknowledged: { clock: number; at: number; isRecorded: boolean }[] = [];
  /** The highest own clock the server reported as committed. */
  acknowledgedClock = 0;

  constructor(
    wsUrl: string,
    document: string,
    headers: Record<string, string>,
    private readonly recorder: Recorder,
    readonly name: string,
  ) {
    this.provider = new WebsocketProvider(wsUrl, document, this.doc, {
      WebSocketPolyfill: headerSocket(headers) as never,
      disableBc: true,
    });
    this.provider.awareness.setLocalStateField('user', { name, color: '#0b4f8a' });
    this.provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => {
      const persisted =
        Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(this.doc.clientID) ?? 0;
      const now = performance.now();
      while (this.unacknowledged.length > 0 && this.unacknowledged[0]!.clock <= persisted) {
        const keystroke = this.unacknowledged.shift()!;
        if (keystroke.isRecorded) this.recorder.acknowledgement.push(now - keystroke.at);
      }
      this.acknowledgedClock = Math.max(this.acknowledgedClock, persisted);
    };
    this.provider.on('connection-close', (event) => {
      const code = String(event?.code ?? 'local');
      this.recorder.closesByCode[code] = (this.recorder.closesByCode[code] ?? 0) + 1;
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) {
        this.recorder.updateBytes += update.byteLength;
        return;
      }
      const now = performance.now();
      const { from, to } = Y.parseUpdateMeta(update);
      for (const [client, end] of to) {
        const sent = this.recorder.sentAt.get(client);
        if (!sent) continue;
        for (let clock = (from.get(client) ?? 0) + 1; clock <= end; clock += 1) {
          const at = sent.get(clock);
          if (at !== undefined && this.recorder.isRecording)
            this.recorder.propagation.push(now - at);
        }
      }
    });
  }

  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve) => this.provider.once('sync', () => resolve()));
  }

  /** Types `perSecond` characters a second into its own paragraph, starting at a random phase. */
  start(perSecond: number) {
    const fragment = this.doc.getXmlFragment(DOCUMENT_FIELD);
    const paragraph = new Y.XmlElement('paragraph');
    this.text = new Y.XmlText();
    paragraph.insert(0, [this.text]);
    fragment.insert(fragment.length, [paragraph]);
    const sent = new Map<number, number>();
    this.recorder.sentAt.set(this.doc.clientID, sent);
    const interval = 1000 / perSecond;
    setTimeout(() => {
      this.timer = setInterval(() => this.keystroke(sent), interval);
    }, Math.random() * interval);
  }

  private keystroke(sent: Map<number, number>) {
    const text = this.text!;
    const at = performance.now();
    const position = text.length;
    text.insert(position, LETTERS[Math.floor(Math.random() * LETTERS.length)]!);
    const clock = Y.getState(this.doc.store, this.doc.clientID);
    sent.set(clock, at);
    this.recorder.keystrokes += this.recorder.isRecording ? 1 : 0;
    this.recorder.typed += 1;
    this.unacknowledged.push({ clock, at, isRecorded: this.recorder.isRecording });
    const caret = Y.relativePositionToJSON(
      Y.createRelativePositionFromTypeIndex(text, position + 1),
    );
    this.provider.awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  destroy() {
    this.stop();
    this.provider.destroy();
    this.doc.destroy();
  }
}
