import { lstatSync, readFileSync } from 'node:fs'
import { writeFileAtomic } from './write-atomic.js'

/**
 * What briefkit knows about a source file that the file cannot say itself (where it was
 * downloaded from), kept beside it in sources/ as `NAME.source.json`: sources/ stays the
 * whole truth, and `.brief/` can be deleted at any time.
 */
export interface SourceNote {
  url: string
  requested?: string
  charset?: string | null
}

export function notePath(sourcePath: string): string {
  return `${sourcePath}.source.json`
}

export function writeSourceNote(sourcePath: string, note: SourceNote): void {
  // Atomic, and a link planted at the note's name is replaced, not written through.
  writeFileAtomic(notePath(sourcePath), `${JSON.stringify(note, null, 2)}\n`)
}

export function readSourceNote(sourcePath: string): SourceNote | null {
  try {
    // briefkit writes notes as files; a link in their place may lead anywhere, even out of the workspace.
    if (lstatSync(notePath(sourcePath)).isSymbolicLink()) return null
    const note = JSON.parse(readFileSync(notePath(sourcePath), 'utf8')) as Partial<SourceNote>
    return typeof note.url === 'string' ? { url: note.url, requested: note.requested, charset: note.charset ?? null } : null
  } catch {
    return null
  }
}
