/** The seeded ledger's administrator passphrase: seeded ledgers are for trying and measuring, never for records. */
export const SEED_ADMINISTRATOR = 'Seed Administrator';
export const SEED_PASSPHRASE = 'seeded ledger lantern orchard copper';
