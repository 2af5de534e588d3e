/** Caret colours with enough contrast on white for the name label (WCAG AA with white or black text). */
const CARET_COLORS = [
  '#0b4f8a',
  '#1d5e20',
  '#6a1b9a',
  '#b45309',
  '#a4161a',
  '#0e7490',
  '#4d7c0f',
  '#9d174d',
];

/** A stable caret colour for a key (the server uses the user id; the editor, for its own caret, the name). */
export function caretColor(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return CARET_COLORS[hash % CARET_COLORS.length]!;
}
