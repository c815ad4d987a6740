import { describe, expect, it } from 'vitest';
import { syntheticRemoval } from '../../../bench/data/synthetic-removals';
import { removalSchema } from '../../../shared/removals/removal';

describe('the benchmark’s synthetic removals', () => {
  it('are valid records, and the same record number always gives the same record', () => {
    for (let i = 0; i < 300; i++) {
      const removal = syntheticRemoval(i, { siteIds: ['a', 'b'], id: `r${i}` });
      expect(removalSchema.safeParse(removal).success, `record ${i}`).toBe(true);
    }
    expect(syntheticRemoval(7, { siteIds: ['a'], id: 'x' })).toEqual(syntheticRemoval(7, { siteIds: ['a'], id: 'x' }));
  });
});
