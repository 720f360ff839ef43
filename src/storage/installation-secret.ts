// Per-installation secrets: 32 random bytes per name, created the first time they are asked for
// and kept in the store (SQLite: table installation_secrets; Azure: one entity per name), so every
// process of one installation agrees on them and another installation's data cannot be read with
// them. Used for the key that seals Learn share ids, and for pseudonymising audit data.

export const SECRET_BYTES = 32;
