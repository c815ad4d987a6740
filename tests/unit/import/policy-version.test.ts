import { describe, expect, it } from 'vitest';
import { readCsvForImport } from '../../../shared/export/csv';
import { guessMapping } from '../../../shared/import/removal-columns';
import { planImport } from '../../../shared/import/import-plan';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';
import { addPolicyVersion, initialPolicyRegister } from '../../../shared/policy/policy-versions';
import { clerkRow, csvBytes, planContext } from './fixtures';

describe('the policy version of an imported removal', () => {
  it('is the one in force when it was removed, and its words decide the categories', () => {
    const added = addPolicyVersion(initialPolicyRegister, {
      policy: {
        ...structuredClone(norwalkPolicyV1),
        id: 'norwalk-social-media-policy-v2',
        version: 2,
        effectiveDate: '2025-06-01',
        categories: norwalkPolicyV1.categories.map((c) => (c.id === 'solicitation_of_commerce' ? { ...c, label: 'Commercial solicitation' } : c)),
      },
    });
    if (!added.ok) throw new Error(JSON.stringify(added.problems));
    const register = added.register;
    const rows = [
      clerkRow(1, { 'Date removed': '2025-03-04 16:00' }),
      clerkRow(2, { Posted: '2025-07-01 09:00', Seen: '2025-07-01 09:30', 'Flagged on': '2025-07-01 09:35', 'Notified on': '2025-07-01 09:40', 'Date removed': '2025-07-01 10:00', Reason: 'Commercial solicitation' }),
      // Version 1's name for the category is not version 2's: a July row using it is reported, not guessed.
      clerkRow(3, { Posted: '2025-07-01 09:00', Seen: '2025-07-01 09:30', 'Flagged on': '2025-07-01 09:35', 'Notified on': '2025-07-01 09:40', 'Date removed': '2025-07-01 10:00' }),
    ];
    const sheet = readCsvForImport(csvBytes(rows));
    const plan = planImport(sheet, guessMapping(sheet.columns), planContext({ policy: register.at(-1)!, register }));
    expect(plan.valid.map((planned) => [planned.row, planned.removal.policyVersionId])).toEqual([
      [2, 'norwalk-social-media-policy-v1'],
      [3, 'norwalk-social-media-policy-v2'],
    ]);
    expect(plan.failed.map((failed) => failed.row)).toEqual([4]);
    expect(JSON.stringify(plan.failed[0])).toContain('Commercial solicitation');
  });
});
