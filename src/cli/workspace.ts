import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatDiagnostic } from '../diagnostics/collector.js'
import { checkPath, refusalMessage } from '../library/boundary.js'
import { Library, type SyncReport } from '../library/library.js'
import { EXIT, UserError } from './exit-codes.js'
import type { CliIO } from './main.js'

export interface WorkspaceOption {
  workspace?: string
  /** The largest source file a sync reads (set from --max-source-size or the environment by `runCli`). */
  maxBytes?: number
}

// What briefkit writes in .brief/: the folder, the SQLite database with its journal files, the citation cache.
const CACHE_PATHS = ['.brief', '.brief/library.db', '.brief/library.db-wal', '.brief/library.db-shm', '.brief/citations']

/** Opens the workspace's library; only `ingest` may start a workspace where there is none. */
export function openLibrary(options: WorkspaceOption, create = false): Library {
  const dir = resolve(options.workspace ?? '.')
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`the workspace \`${dir}\` is not a folder; pass --workspace DIR`, EXIT.io)
  if (create) mkdirSync(join(dir, 'sources'), { recursive: true })
  else if (!existsSync(join(dir, 'sources'))) {
    throw new UserError(`\`${dir}\` is not a workspace: it has no sources/ folder; run \`brief ingest FILE\` there, or pass --workspace DIR`, EXIT.io)
  }
  // The library and the citation cache are written into .brief/: never through a link to somewhere else.
  for (const name of CACHE_PATHS) ensureInside(dir, name, `delete \`${name}\`: .brief/ is a cache, which briefkit makes again`)
  return Library.open(dir, { maxBytes: options.maxBytes })
}

/**
 * Refuses (exit 3) when `name`, a folder briefkit writes in, is a symbolic link (or lies
 * behind one) leading out of the workspace `root`.
 */
export function ensureInside(root: string, name: string, fix: string): void {
  const checked = checkPath(root, root, name)
  if (!checked.ok) throw new UserError(refusalMessage('', name, checked.refusal, root, `briefkit writes only inside the workspace: ${fix}`), EXIT.io)
}

/** Prints what a sync did not read: links in sources/ leading out of the workspace, or looping. */
export function printRefused(report: SyncReport, io: CliIO): void {
  for (const d of report.refused) io.stderr(`${formatDiagnostic(d)}\n`)
}

// Fewer files than this are read too fast for a progress line to help.
const PROGRESS_FROM = 50

/** A progress line on a terminal (`reading sources 200/2000`), erased when done. */
export function progress(io: CliIO, quiet = false): ((done: number, total: number) => void) | undefined {
  if (!io.interactive || quiet) return undefined
  return (done, total) => {
    if (total < PROGRESS_FROM) return
    io.stderr(done < total ? `\rreading sources ${done}/${total}…` : '\r\x1b[K')
  }
}

/** Opens the library, brings it up to date, runs `work`, and closes it whatever happens. */
export async function withLibrary<T>(options: WorkspaceOption, io: CliIO, work: (library: Library) => T | Promise<T>): Promise<T> {
  const library = openLibrary(options)
  try {
    const onProgress = progress(io)
    printRefused(await library.syncAsync(onProgress ? { onProgress } : {}), io)
    return await work(library)
  } finally {
    library.close()
  }
}

