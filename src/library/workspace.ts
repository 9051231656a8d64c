import { readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

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

/** Every source file under `sources/`, recursively, in path order. Hidden files and READMEs are skipped. */
export function listSourceFiles(workspace: Workspace): SourceFile[] {
  const out: SourceFile[] = []
  const walk = (dir: string): void => {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names.sort()) {
      if (NOT_SOURCES.test(name)) continue
      const absolute = join(dir, name)
      let stat
      try {
        stat = statSync(absolute)
      } catch {
        continue
      }
      if (stat.isDirectory()) walk(absolute)
      else if (stat.isFile()) {
        out.push({ path: relative(workspace.root, absolute).split(sep).join('/'), absolute, size: stat.size, mtimeMs: stat.mtimeMs })
      }
    }
  }
  walk(workspace.sources)
  return out
}
