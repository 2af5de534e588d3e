import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { DOCUMENT_FIELD } from '../../app/lib/collab/editor-extensions';

const WORDS = (
  'Fachkräfte Region Strukturwandel Innovation Kooperation Hochschule Betriebe Weiterbildung ' +
  'Mobilität Wasserstoff Förderung Netzwerk Quartier Verwaltung Ausbildung Klimaschutz ' +
  'Gewerbeflächen Digitalisierung Beteiligung Wertschöpfung Energie Stadt Landkreis Projekt'
).split(' ');

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BuiltDocument {
  /** The whole document (what a snapshot holds). */
  state: Uint8Array;
  /** The same document as `steps` consecutive updates (what rows between compactions hold). */
  updates: Uint8Array[];
}

/**
 * A measure text of about `targetBytes` encoded: headings and paragraphs with some bold words,
 * written in `steps` sessions that also revise earlier paragraphs (inserts and deletions inside
 * existing text, as editing leaves it).
 */
export function buildDocument(targetBytes: number, steps: number, seed = 1): BuiltDocument {
  const next = random(seed);
  const word = () => WORDS[Math.floor(next() * WORDS.length)]!;
  const doc = new Y.Doc();
  doc.clientID = 1 + Math.floor(next() * 1_000_000);
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const texts: Y.XmlText[] = [];
  let written = 0;
  for (let step = 0; step < steps; step += 1) {
    const goal = (targetBytes * (step + 1)) / steps;
    doc.transact(() => {
      while (written < goal) {
        const isHeading = next() < 0.1;
        const element = new Y.XmlElement(isHeading ? 'heading' : 'paragraph');
        if (isHeading) element.setAttribute('level', '2');
        const text = new Y.XmlText();
        element.insert(0, [text]);
        fragment.insert(fragment.length, [element]);
        const length = isHeading ? 4 : 40 + Math.floor(next() * 60);
        const sentence = Array.from({ length }, word).join(' ') + '.';
        text.insert(0, sentence);
        if (!isHeading && next() < 0.5) {
          const start = Math.floor(next() * (sentence.length - 20));
          text.format(start, 12, { bold: true });
        }
        texts.push(text);
        written += sentence.length + 24;
      }
      // Revisions of earlier text: insert a word, delete a few characters.
      for (let edit = 0; edit < 3 && texts.length > 0; edit += 1) {
        const text = texts[Math.floor(next() * texts.length)]!;
        const at = Math.floor(next() * Math.max(1, text.length - 10));
        if (next() < 0.5) text.insert(at, `${word()} `);
        else text.delete(at, Math.min(5, text.length - at));
      }
    });
  }
  return { state: Y.encodeStateAsUpdate(doc), updates };
}

export interface Trace {
  name: string;
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

export const TRACE_DIRECTORY = '/work/shared/bench-data/editing-traces';

/** A trace of josephg/editing-traces (see ATTRIBUTION.md there). Positions are code points. */
export function loadTrace(name: string, directory = TRACE_DIRECTORY): Trace {
  const trace = JSON.parse(
    gunzipSync(readFileSync(`${directory}/${name}.json.gz`)).toString(),
  ) as Trace;
  // Y.Text counts UTF-16 units; these traces are BMP-only, where both agree.
  const isBmp = (text: string) => !/[\u{10000}-\u{10FFFF}]/u.test(text);
  if (!isBmp(trace.endContent) || !trace.txns.every((t) => t.patches.every((p) => isBmp(p[2]))))
    throw new Error(`${name}: characters outside the BMP need code point → UTF-16 mapping`);
  return { ...trace, name };
}

/** The editor's structure: one paragraph whose text the trace edits. */
export function traceText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  if (fragment.length === 0) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    fragment.insert(0, [paragraph]);
  }
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

export function applyTransaction(text: Y.XmlText, patches: [number, number, string][]) {
  for (const [position, deleted, inserted] of patches) {
    if (deleted > 0) text.delete(position, deleted);
    if (inserted) text.insert(position, inserted);
  }
}

/** The first `limit` transactions of a trace as one update each (one keystroke per row). */
export function traceUpdates(trace: Trace, limit: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const text = traceText(doc);
  doc.on('update', (update: Uint8Array) => updates.push(update));
  updates.push(Y.encodeStateAsUpdate(doc));
  for (const txn of trace.txns.slice(0, limit))
    doc.transact(() => applyTransaction(text, txn.patches));
  return updates;
}
