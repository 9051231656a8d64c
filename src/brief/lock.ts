import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { writeFileAtomic } from '../library/write-atomic.js'

/**
 * What a build used, so that a later check can tell when a cited claim changed in its
 * source: `briefs/NAME.lock.json` beside `briefs/NAME.md`.
 */
export interface BriefLock {
  version: 1
  claims: LockedClaim[]
}

export interface LockedClaim {
  id: string
  text: string
  source: string
  /** The source's file, relative to the workspace, and the sha256 of its bytes at build time. */
  file: string
  hash: string
}

export function lockPath(briefPath: string): string {
  return join(dirname(briefPath), `${basename(briefPath).replace(/\.(?:md|markdown)$/i, '')}.lock.json`)
}

/** The lock of a brief, or null when it was never built (or the lock is unreadable). */
export function readLock(briefPath: string): BriefLock | null {
  try {
    const lock = JSON.parse(readFileSync(lockPath(briefPath), 'utf8')) as Partial<BriefLock>
    if (lock.version !== 1 || !Array.isArray(lock.claims)) return null
    const claims = lock.claims.filter(
      (c): c is LockedClaim => typeof c?.id === 'string' && typeof c.text === 'string' && typeof c.source === 'string' && typeof c.file === 'string' && typeof c.hash === 'string',
    )
    return { version: 1, claims }
  } catch {
    return null
  }
}

export function writeLock(briefPath: string, claims: LockedClaim[]): void {
  const lock: BriefLock = { version: 1, claims }
  writeFileAtomic(lockPath(briefPath), `${JSON.stringify(lock, null, 2)}\n`)
}
