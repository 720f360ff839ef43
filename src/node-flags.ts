// The flags every Partner Link process starts Node with (npm scripts, `npm start`'s children, the
// tests' bot processes). On Node 22, `node:sqlite` prints "ExperimentalWarning: SQLite is an
// experimental feature" once per process; that warning has no code, so it is hidden by its type.
// Node 24.15 and later print nothing, and the flag changes nothing there.
export const NODE_FLAGS: readonly string[] = ['--disable-warning=ExperimentalWarning'];
