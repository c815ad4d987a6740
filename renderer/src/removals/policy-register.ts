import { z } from 'zod';
import { initialPolicyRegister, policyRegisterSchema, type PolicyRegister } from '../../../shared/policy/policy-versions';
import type { Session } from '../vault/session';

/**
 * The policy versions the ledger knows: version 1 ships with the app; the
 * versions an administrator adds are kept as one journaled record, so every
 * change to the register has a version, an actor and a reason.
 */
export const POLICY_TABLE = 'policy';
export const POLICY_REGISTER_ID = 'policy-register';

export async function loadPolicyRegister(session: Session): Promise<PolicyRegister> {
  const stored = await session.records.get(POLICY_TABLE, POLICY_REGISTER_ID, z.object({ register: policyRegisterSchema }));
  return stored?.register ?? initialPolicyRegister;
}

export async function savePolicyRegister(session: Session, register: PolicyRegister, reason: string): Promise<void> {
  await session.records.save({ table: POLICY_TABLE, recordId: POLICY_REGISTER_ID, data: { register }, clear: { versions: register.length }, reason });
}
