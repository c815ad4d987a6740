import { z } from 'zod';

/**
 * People who use the ledger. On one shared desktop the roles are procedure,
 * not cryptography: they decide what each screen offers, and every event
 * records its actor.
 */
export const roles = ['clerk', 'counsel', 'records_manager', 'administrator'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  clerk: 'Clerk',
  counsel: 'Legal counsel',
  records_manager: 'Records manager',
  administrator: 'Administrator',
};

export const USER_TABLE = 'user';

export const userSchema = z.object({
  id: z.string().min(1).max(64),
  fullName: z.string().trim().min(1, 'Enter the full name.').max(200),
  role: roleSchema,
  /** The key slot that opens the ledger for this user; null once removed. */
  slotId: z.string().nullable(),
  status: z.enum(['active', 'removed']),
});
export type User = z.infer<typeof userSchema>;
