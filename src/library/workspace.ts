import { readdirSync, statSync, type Dirent } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { RULES } from '../diagnostics/rules.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { isWithin, realPathOf } from './boundary.js'

/** The folders of a workspace: `sources/` is the truth, `.brief/` a cache rebuilt from it. */
export interface Workspace {
  root: string
  sources: string
  cache: string
  database: string
}

export function workspaceAt(dir: string): Workspace {
  const root = resolve(dir)
  return { root, sources: join(root, 'sources'), cache: join(root, '.brief'), database: join(root, '.brief', 'library.db') }
}

export interface SourceFile {
  /** Relative to the workspace root, with forward slashes: `sources/a/b.txt`. */
  path: string
  absolute: string
  size: number
  mtimeMs: number
}

// Files in sources/ that are notes about the folder, not sources.
const NOT_SOURCES = /^(?:\.|readme(?:\.\w+)?$|license(?:\.\w+)?$|.*\.source\.json$)/i

/**
 * Every source file under `sources/`, recursively, in path order. Hidden files and READMEs are
 * skipped. Symbolic links are followed only while they stay inside the workspace: one leading
 * out, or to a folder it is in (a loop), is skipped and reported in `refused` (when given).
 */
export function listSourceFiles(workspace: Workspace, refused?: Diagnostic[]): SourceFile[] {
  const out: SourceFile[] = []
  const realRoot = realPathOf(workspace.root) ?? workspace.root
  const shown = (absolute: string): string => relative(workspace.root, absolute).split(sep).join('/') || '.'
  const refuse = (absolute: string, rule: 'source-outside-workspace' | 'symlink-loop', message: string): void => {
    refused?.push({ severity: RULES[rule].severity, rule, message, file: shown(absolute), line: 1, column: 1, source: 'library' })
  }
  // `within`: the real folders being read, from sources/ down to this one.
  const walk = (dir: string, real: string, within: ReadonlySet<string>): void => {
    // A link to a folder this one is in would read it again, forever.
    if (within.has(real)) {
      refuse(dir, 'symlink-loop', `\`${shown(dir)}\` is a symbolic link to \`${relative(realRoot, real).split(sep).join('/') || '.'}\`, a folder it is in; it was not followed, which would loop`)
      return
    }
    const inside = new Set(within).add(real)
    let entries: Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = entry.name
      if (NOT_SOURCES.test(name)) continue
      const absolute = join(dir, name)
      // Only a symbolic link can lead elsewhere: anything else in a real folder is where it
      // stands (no realpath for each of thousands of files).
      const target = entry.isSymbolicLink() ? realPathOf(absolute) : join(real, name)
      if (target === null) {
        refuse(absolute, 'symlink-loop', `\`${shown(absolute)}\` is a symbolic link that loops back on itself; it was not read; replace it with the file`)
        continue
      }
      if (!isWithin(realRoot, target)) {
        refuse(absolute, 'source-outside-workspace', `\`${shown(absolute)}\` is a symbolic link to \`${target}\`, outside the workspace; it was not read; copy the file into sources/ instead (\`brief ingest PATH\` does that)`)
        continue
      }
      let stat
      try {
        stat = statSync(target)
      } catch {
        continue
      }
      if (stat.isDirectory()) walk(absolute, target, inside)
      else if (stat.isFile()) {
        out.push({ path: shown(absolute), absolute, size: stat.size, mtimeMs: stat.mtimeMs })
      }
    }
  }
  const sources = realPathOf(workspace.sources)
  if (sources !== null && !isWithin(realRoot, sources)) {
    refuse(workspace.sources, 'source-outside-workspace', `\`sources/\` is a symbolic link to \`${sources}\`, outside the workspace; no source was read; make sources/ a folder of the workspace`)
    return out
  }
  walk(workspace.sources, sources ?? workspace.sources, new Set())
  return out
}
