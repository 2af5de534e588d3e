import { describe, expect, it } from 'vitest';
import { mergeDetails, type DetailValues } from '../../app/lib/measures/measures.schema';

const base: DetailValues = {
  title: 'Ausgangstitel',
  summary: 'Ausgang',
  kind: 'open',
  horizon: null,
  startDate: null,
  dueDate: null,
  progress: 0,
  newStructureJustification: null,
};

describe('three-way merge of a save conflict', () => {
  it("keeps the other person's change to a field you did not touch", () => {
    const theirs = { ...base, title: 'Neuer Titel der Moderation' };
    const yours = { ...base, summary: 'Meine Zusammenfassung' };
    const result = mergeDetails(yours, base, theirs);
    expect(result.merged.title).toBe('Neuer Titel der Moderation');
    expect(result.merged.summary).toBe('Meine Zusammenfassung');
    expect(result.changedByOthers).toEqual(['title']);
    expect(result.clashes).toEqual([]);
  });

  it('keeps your value where both changed the same field, and reports the clash', () => {
    const theirs = { ...base, progress: 50 };
    const yours = { ...base, progress: 20 };
    const result = mergeDetails(yours, base, theirs);
    expect(result.merged.progress).toBe(20);
    expect(result.clashes).toEqual(['progress']);
  });

  it('without the original values treats every differing field as a clash', () => {
    const result = mergeDetails({ ...base, title: 'A' }, null, { ...base, title: 'B' });
    expect(result.clashes).toEqual(['title']);
  });
});
