import type { AuditReportInput } from '../../../renderer/src/pdf/documents/audit-report';
import type { RecoveryKitInput } from '../../../renderer/src/pdf/documents/recovery-kit';

/** Markup, a script URL, a right-to-left override and zero-width characters: what a hostile name could hold. */
export const HOSTILE = '<script>alert(1)</script> javascript:alert(1) \u202Eevil\u202C z\u200Bw\u200Dx\uFEFF';

export const RECOVERY_KEY = 'ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567-89ABC-DEFGH';

export function recoveryKitInput(overrides: Partial<RecoveryKitInput> = {}): RecoveryKitInput {
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    ledgerId: '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b',
    createdAt: 'June 3, 2026',
    recoveryKey: RECOVERY_KEY,
    ...overrides,
  };
}

export const hash = (hexDigit: string) => hexDigit.repeat(64);

export function auditReportInput(overrides: Partial<AuditReportInput> = {}): AuditReportInput {
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    ledgerId: '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b',
    ranBy: 'Maria Lopez',
    ranAt: 'June 3, 2026 at 2:05 PM',
    entriesChecked: 1200,
    head: { seq: 1200, hash: hash('a') },
    firstBrokenLink: null,
    sequenceGaps: [],
    timeWentBackwards: [],
    unreadableLines: [],
    verdict: 'intact',
    checkpoint: null,
    ...overrides,
  };
}
