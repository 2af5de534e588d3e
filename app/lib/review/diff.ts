/**
 * Word diff of two version texts (Myers' O(ND) algorithm on word, space and punctuation tokens).
 * Pure and shared: the comparison page renders its parts; the unit tests pin exact results.
 */
export type DiffPart = { kind: 'equal' | 'insert' | 'delete'; text: string };

// Words keep inner hyphens/apostrophes and number separators ("50.000", "IHK-Ausschuss").
const TOKEN = /\s+|[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+|[.,]\p{N}+)*|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The edit script from `before` to `after`, adjacent parts of one kind merged. */
export function diffWords(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else if (text) parts.push({ kind, text });
  };
  push('equal', a.slice(0, start).join(''));
  for (const op of myers(a.slice(start, endA), b.slice(start, endB))) push(op.kind, op.token);
  push('equal', a.slice(endA).join(''));
  return parts;
}

/** Words (not whitespace) that the script inserts and deletes: what the comparison reports. */
export function changedWords(parts: DiffPart[]): { inserted: string[]; deleted: string[] } {
  const words = (kind: DiffPart['kind']) =>
    parts
      .filter((part) => part.kind === kind)
      .flatMap((part) => tokenize(part.text).filter((token) => token.trim() !== ''));
  return { inserted: words('insert'), deleted: words('delete') };
}

function myers(a: string[], b: string[]): { kind: DiffPart['kind']; token: string }[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  trace.push(v.slice());
  // Walk back through the saved frontiers.
  const ops: { kind: DiffPart['kind']; token: string }[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d -= 1) {
    const frontier = trace[d]!;
    const k = x - y;
    const previousK =
      k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!)
        ? k + 1
        : k - 1;
    const previousX = frontier[offset + previousK]!;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push({ kind: 'equal', token: a[x - 1]! });
      x -= 1;
      y -= 1;
    }
    if (d === 0) break;
    if (x === previousX) ops.push({ kind: 'insert', token: b[y - 1]! });
    else ops.push({ kind: 'delete', token: a[x - 1]! });
    x = previousX;
    y = previousY;
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: 'equal', token: a[x - 1]! });
    x -= 1;
    y -= 1;
  }
  return ops.reverse();
}
