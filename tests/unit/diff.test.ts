import { describe, expect, it } from 'vitest';
import { changedWords, diffWords } from '../../app/lib/review/diff';

/** The comparison of two versions reports exactly the inserted and deleted words. */
describe('word diff of versions', () => {
  const cases: {
    name: string;
    before: string;
    after: string;
    inserted: string[];
    deleted: string[];
  }[] = [
    {
      name: 'insertion in a sentence',
      before: 'Mehr Azubis in der Region.',
      after: 'Mehr Fachkräfte und Azubis in der Region.',
      inserted: ['Fachkräfte', 'und'],
      deleted: [],
    },
    {
      name: 'a number changed in a binding section, other lines untouched',
      before: 'Ziel\nMehr Ausbildung.\nRessourcen\n50.000 € vom Land',
      after: 'Ziel\nMehr duale Ausbildung.\nRessourcen\n80.000 € vom Land',
      inserted: ['duale', '80.000'],
      deleted: ['50.000'],
    },
    {
      name: 'words removed and punctuation replaced',
      before: 'IHK, HWK und DGB tragen die Maßnahme gemeinsam.',
      after: 'IHK und DGB tragen die Maßnahme!',
      inserted: ['!'],
      deleted: [',', 'HWK', 'gemeinsam', '.'],
    },
    {
      name: 'identical texts',
      before: 'Gleich bleibt gleich.',
      after: 'Gleich bleibt gleich.',
      inserted: [],
      deleted: [],
    },
    { name: 'from empty', before: '', after: 'Neu hier', inserted: ['Neu', 'hier'], deleted: [] },
    { name: 'to empty', before: 'Alles weg', after: '', inserted: [], deleted: ['Alles', 'weg'] },
  ];

  for (const example of cases) {
    it(example.name, () => {
      const parts = diffWords(example.before, example.after);
      expect(changedWords(parts)).toEqual({ inserted: example.inserted, deleted: example.deleted });
      // The script rebuilds both texts exactly.
      expect(
        parts
          .filter((p) => p.kind !== 'insert')
          .map((p) => p.text)
          .join(''),
      ).toBe(example.before);
      expect(
        parts
          .filter((p) => p.kind !== 'delete')
          .map((p) => p.text)
          .join(''),
      ).toBe(example.after);
    });
  }

  it('rebuilds both texts for 500 random pairs (seeded)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const words = ['Ziel', 'IHK', 'und', ' ', '\n', '.', '50.000', 'Region'];
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 30) },
        () => words[Math.floor(random() * words.length)],
      ).join('');
    for (let i = 0; i < 500; i += 1) {
      const before = text();
      const after = text();
      const parts = diffWords(before, after);
      expect(
        parts
          .filter((p) => p.kind !== 'insert')
          .map((p) => p.text)
          .join(''),
      ).toBe(before);
      expect(
        parts
          .filter((p) => p.kind !== 'delete')
          .map((p) => p.text)
          .join(''),
      ).toBe(after);
    }
  });
});
