import { createRequire } from 'node:module'
import type BetterSqlite3 from 'better-sqlite3'

const require = createRequire(import.meta.url)

/** better-sqlite3 is a native addon: load it only for commands that use the library. */
export function loadSqlite(): typeof BetterSqlite3 {
  return require('better-sqlite3') as typeof BetterSqlite3
}
