import { setFlagsFromString } from 'node:v8'

/**
 * Every pattern that reads content is checked against adversarial input (test/fuzz/regex.test.ts),
 * but a pattern that check misses must still not hang `brief` on a hostile file. V8 can hand
 * a regular expression over to its linear-time engine once the backtracking one has
 * backtracked too often (50,000 times, V8's default) — for patterns that engine supports
 * (no lookaround, no backreference). Ordinary text never comes near that: results are the
 * same, only a pathological match finishes in linear time. Set for the whole process (its
 * worker threads too), so the command does it, not the library: a program that uses briefkit
 * as a library keeps its own V8 settings.
 */
export function boundRegexBacktracking(): void {
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks')
}
