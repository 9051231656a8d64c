import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a file so that readers see either the old content or the new, never half of it:
 * the bytes go to a temporary file in the same folder, are flushed, and replace the target
 * with one rename. A symbolic link at `path` is replaced by the file, never written through
 * (rename acts on the name); the temporary file is created new (`wx`), so a link planted at
 * its name is not followed either. On failure the old file is untouched and the temporary
 * file removed.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  const fd = openSync(tmp, 'wx')
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content
    // One write may take only part of the bytes.
    for (let done = 0; done < bytes.byteLength; ) done += writeSync(fd, bytes, done, bytes.byteLength - done)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(tmp, { force: true })
    throw error
  }
  closeSync(fd)
  try {
    renameSync(tmp, path)
  } catch (error) {
    rmSync(tmp, { force: true })
    throw error
  }
  syncFolder(dir)
}

/** Flushes a folder's entries, so the rename survives a crash; not every system can (Windows). */
function syncFolder(dir: string): void {
  let fd: number | null = null
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // the file is written; only its durability across a power cut is less certain
  } finally {
    if (fd !== null) closeSync(fd)
  }
}
