import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { RULES } from '../diagnostics/rules.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { Source, SourceFormat } from '../model/source.js'
import { makeSourceId } from '../outline/ids.js'
import { blankMeta } from './meta.js'

/**
 * How large a source file may be. Reading takes several times a file's size in memory (the
 * bytes, the decoded text, the outline), so a file past the limit is refused with a
 * `source-too-large` diagnostic before its bytes are read, instead of exhausting the heap.
 */
export const DEFAULT_MAX_SOURCE_BYTES = 50 * 1024 * 1024

/** The environment variable that sets the limit when no option or flag does: `80MB`, `1.5GB`, bytes. */
export const MAX_SOURCE_SIZE_ENV = 'BRIEF_MAX_SOURCE_SIZE'

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
}

/** `80MB`, `1.5 GB`, `500kb` or `1048576` (bytes) in bytes, counting 1 MB as 1024 KB; null when it is not a size. */
export function parseSize(text: string): number | null {
  const match = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s?([a-z]{0,3})\s*$/i.exec(text)
  if (!match) return null
  const unit = UNITS[match[2]!.toLowerCase()]
  if (unit === undefined) return null
  const bytes = Math.floor(Number(match[1]) * unit)
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : null
}

/** A size as messages show it: `62.3 MB`, `812 KB`, `120 bytes`; whole numbers without decimals (`50 MB`). */
export function formatSize(bytes: number): string {
  const [value, unit] = bytes >= 1024 ** 3 ? [bytes / 1024 ** 3, 'GB'] : bytes >= 1024 ** 2 ? [bytes / 1024 ** 2, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes']
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`
}

/**
 * The limit in force: `given` (the API's `maxBytes`, or the CLI's flag), else
 * BRIEF_MAX_SOURCE_SIZE, else 50 MB. Throws, naming the bad value, when either is not a size.
 */
export function maxSourceBytes(given?: number, env: string | undefined = process.env[MAX_SOURCE_SIZE_ENV]): number {
  if (given !== undefined) {
    if (!Number.isSafeInteger(given) || given < 1) throw new Error(`\`maxBytes\` must be a positive whole number of bytes, not \`${given}\``)
    return given
  }
  if (env === undefined || env.trim() === '') return DEFAULT_MAX_SOURCE_BYTES
  const bytes = parseSize(env)
  if (bytes === null) throw new Error(`${MAX_SOURCE_SIZE_ENV} \`${env}\` is not a size; write it as 80MB, 1.5GB or a number of bytes, or unset it for the default of ${formatSize(DEFAULT_MAX_SOURCE_BYTES)}`)
  return bytes
}

/** A limit that reads a file of `size` bytes, in whole MB: rounded up to 10 MB (to 1 MB, for small files). */
function suggestedLimit(size: number): string {
  const step = size >= 10 * 1024 ** 2 ? 10 : 1
  return `${Math.ceil(size / (step * 1024 ** 2)) * step}MB`
}

/**
 * What the user sees for a source over the limit (`size` null: standard input, whose
 * length is known only to pass the limit). `kept` names the source the library still
 * holds from an earlier, smaller version of the file. `kind` says what the file is to the
 * user: the same limit holds for briefs and bibliography files.
 */
export function tooLargeDiagnostic(file: string, size: number | null, limit: number, kept: string | null = null, kind = 'a source'): Diagnostic {
  const what = size === null ? `the input is more than ${formatSize(limit)}, the limit for ${kind}; reading stopped there` : `the file is ${formatSize(size)}, over the ${formatSize(limit)} limit for ${kind}; it was not read`
  // Standard input's size is unknown: twice the limit is a start.
  const raise = suggestedLimit(size ?? 2 * limit)
  const keeps = kept === null ? '' : `; the library keeps source \`${kept}\` as it was read before the file grew`
  return {
    severity: RULES['source-too-large'].severity,
    rule: 'source-too-large',
    message: `${what}${keeps}. To read it, raise the limit: \`--max-source-size ${raise}\`, or ${MAX_SOURCE_SIZE_ENV}=${raise} in the environment (\`maxBytes\` in the API)`,
    file,
    line: 1,
    column: 1,
    source: 'decode',
  }
}

/** The Source of a file that was not read: no text, no claims, the diagnostic that says why. */
export function unreadSource(file: string, format: SourceFormat, diagnostic: Diagnostic, takenIds?: ReadonlySet<string>): Source {
  const meta = blankMeta('document')
  return { id: makeSourceId(meta, takenIds), file, format, meta, text: '', sections: [], diagnostics: [diagnostic] }
}

/** A file's bytes, or how large it is when that is over the limit (null: more than the limit, size unknown). */
export type Bounded = { bytes: Uint8Array } | { tooLarge: number | null }

const CHUNK = 1 << 20

/** The chunks as one buffer: the one chunk of a file read at once is not copied. */
function joined(chunks: Uint8Array[], total: number): Uint8Array {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)
}

/**
 * Reads a file unless it is larger than `limit`: its size is checked before any byte is
 * read, and the reading stops past the limit all the same, for a file that grows meanwhile
 * or has no size (a FIFO, /dev/zero). Errors of opening and reading are thrown as they come.
 */
export async function readFileWithin(path: string, limit: number): Promise<Bounded> {
  const handle = await open(path, 'r')
  try {
    const stat = await handle.stat()
    if (stat.isFile() && stat.size > limit) return { tooLarge: stat.size }
    const chunks: Uint8Array[] = []
    let total = 0
    // A file in one read (one byte more, to see it grow); a stream in chunks.
    for (let want = stat.isFile() ? stat.size + 1 : CHUNK; ; want = CHUNK) {
      const buffer = Buffer.allocUnsafeSlow(Math.min(want, limit + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      total += bytesRead
      if (total > limit) return { tooLarge: stat.isFile() ? Math.max(total, (await handle.stat()).size) : null }
    }
    return { bytes: joined(chunks, total) }
  } finally {
    await handle.close()
  }
}

/** `readFileWithin`, synchronously: the library's sync reads this way. */
export function readFileWithinSync(path: string, limit: number): Bounded {
  const fd = openSync(path, 'r')
  try {
    const stat = fstatSync(fd)
    if (stat.isFile() && stat.size > limit) return { tooLarge: stat.size }
    const chunks: Uint8Array[] = []
    let total = 0
    for (let want = stat.isFile() ? stat.size + 1 : CHUNK; ; want = CHUNK) {
      const buffer = Buffer.allocUnsafeSlow(Math.min(want, limit + 1 - total))
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      total += bytesRead
      if (total > limit) return { tooLarge: stat.isFile() ? Math.max(total, fstatSync(fd).size) : null }
    }
    return { bytes: joined(chunks, total) }
  } finally {
    closeSync(fd)
  }
}

/** A file's text (UTF-8), or how large it is when that is over the limit: for briefs and bibliography files. */
export function readTextWithinSync(path: string, limit: number): { text: string } | { tooLarge: number | null } {
  const read = readFileWithinSync(path, limit)
  return 'tooLarge' in read ? read : { text: Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8') }
}

/** Reads a stream (standard input) up to `limit` bytes, and stops reading past it. */
export async function readStreamWithin(stream: AsyncIterable<Uint8Array | string>, limit: number): Promise<Bounded> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    chunks.push(bytes)
    total += bytes.length
    // Leaving the loop ends the iteration, which stops the stream: nothing more is buffered.
    if (total > limit) return { tooLarge: null }
  }
  return { bytes: joined(chunks, total) }
}
