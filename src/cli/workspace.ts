import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Library } from '../library/library.js'
import { EXIT, UserError } from './exit-codes.js'
import type { CliIO } from './main.js'

export interface WorkspaceOption {
  workspace?: string
}

/** Opens the workspace's library; only `ingest` may start a workspace where there is none. */
export function openLibrary(options: WorkspaceOption, create = false): Library {
  const dir = resolve(options.workspace ?? '.')
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`the workspace \`${dir}\` is not a folder; pass --workspace DIR`, EXIT.io)
  if (create) mkdirSync(join(dir, 'sources'), { recursive: true })
  else if (!existsSync(join(dir, 'sources'))) {
    throw new UserError(`\`${dir}\` is not a workspace: it has no sources/ folder; run \`brief ingest FILE\` there, or pass --workspace DIR`, EXIT.io)
  }
  return Library.open(dir)
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
    await library.syncAsync(onProgress ? { onProgress } : {})
    return await work(library)
  } finally {
    library.close()
  }
}

