import { inflateRawSync } from 'node:zlib'

/*
 * A DOCX is a zip archive, and a zip archive can claim anything: a few kilobytes that unpack
 * to gigabytes, thousands of entries, or entries that all point at the same compressed bytes.
 * mammoth (through JSZip) unpacks what it is given in memory, so the archive is judged here
 * first, from its central directory — a few hundred bytes per entry, read with bounds checks —
 * and the parts mammoth will read are unpacked once with zlib's output limit, which stops a
 * stream that unpacks to more than its entry declares. No zip library is needed for that,
 * and none of them checks declared sizes against what a stream really inflates to.
 */

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflated; Word writes nothing else. */
  method: number
  flags: number
  compressedSize: number
  size: number
  localOffset: number
}

export interface ZipLimits {
  /** Most entries an archive may have. */
  maxEntries: number
  /** Most bytes all entries together may unpack to. */
  maxTotal: number
  /** Highest ratio of unpacked to packed size for an entry larger than `ratioFloor`. */
  maxRatio: number
  ratioFloor: number
}

/** Generous for any real Word document (a 500-page report is a few MB of XML), far below what hurts. */
export const DOCX_LIMITS: ZipLimits = { maxEntries: 5000, maxTotal: 200 * 1024 * 1024, maxRatio: 100, ratioFloor: 1024 * 1024 }

/** `bomb`: the archive is refused for its size, not for damage. */
export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: string; bomb: boolean }

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** Starts like a zip archive (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** A 64-bit size as a number; sizes past 2^53 are absurd anyway and read as Infinity. */
function u64(data: DataView, at: number): number {
  const value = data.getBigUint64(at, true)
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value)
}

function megabytes(n: number): string {
  if (n === Infinity) return 'more than 9 PB'
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`
}

/** The entries of a zip archive, from its central directory; a problem when the archive is damaged. */
export function readZipDirectory(bytes: Uint8Array, maxEntries = DOCX_LIMITS.maxEntries): ZipDirectory {
  const data = view(bytes)
  const n = bytes.length
  // The end record is the last 22 bytes, before a comment of up to 65535 bytes.
  let end = -1
  for (let at = n - 22; at >= 0 && at >= n - 22 - 65535; at--) {
    if (data.getUint32(at, true) === EOCD) {
      end = at
      break
    }
  }
  if (end === -1) return { ok: false, problem: 'it has no end-of-archive record (the file is truncated or not a zip archive)', bomb: false }
  let count = data.getUint16(end + 10, true)
  let size = data.getUint32(end + 12, true)
  let offset = data.getUint32(end + 16, true)
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = end - 20
    if (locator < 0 || data.getUint32(locator, true) !== ZIP64_LOCATOR) return { ok: false, problem: 'its ZIP64 end record is missing', bomb: false }
    const at = u64(data, locator + 8)
    if (!(at + 56 <= n) || data.getUint32(at, true) !== ZIP64_EOCD) return { ok: false, problem: 'its ZIP64 end record is damaged', bomb: false }
    count = u64(data, at + 32)
    size = u64(data, at + 40)
    offset = u64(data, at + 48)
  }
  if (count > maxEntries) return { ok: false, problem: `it declares ${count} entries (at most ${maxEntries} are read)`, bomb: true }
  if (!(offset + size <= n)) return { ok: false, problem: 'its central directory lies past the end of the file (the file is truncated)', bomb: false }
  const entries: ZipEntry[] = []
  let at = offset
  for (let k = 0; k < count; k++) {
    if (at + 46 > n || data.getUint32(at, true) !== CENTRAL) return { ok: false, problem: `entry ${k + 1} of its central directory is damaged`, bomb: false }
    const nameLength = data.getUint16(at + 28, true)
    const extraLength = data.getUint16(at + 30, true)
    const commentLength = data.getUint16(at + 32, true)
    if (at + 46 + nameLength + extraLength > n) return { ok: false, problem: `entry ${k + 1} of its central directory is cut short`, bomb: false }
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: data.getUint16(at + 10, true),
      flags: data.getUint16(at + 8, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      localOffset: data.getUint32(at + 42, true),
    }
    // ZIP64: the fields set to 0xffffffff follow in the extra field 0x0001, in this order.
    let extra = at + 46 + nameLength
    const extraEnd = extra + extraLength
    while (extra + 4 <= extraEnd) {
      const id = data.getUint16(extra, true)
      const length = data.getUint16(extra + 2, true)
      if (id === 1) {
        let field = extra + 4
        const take = (): number => {
          if (field + 8 > extra + 4 + length) return Infinity
          const value = u64(data, field)
          field += 8
          return value
        }
        if (entry.size === 0xffffffff) entry.size = take()
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = take()
        if (entry.localOffset === 0xffffffff) entry.localOffset = take()
      }
      extra += 4 + length
    }
    entries.push(entry)
    at = extraEnd + commentLength
  }
  return { ok: true, entries }
}

/** Why an archive must not be unpacked, or null when it is within the limits. */
export function zipBombReason(entries: readonly ZipEntry[], limits: ZipLimits = DOCX_LIMITS): string | null {
  if (entries.length > limits.maxEntries) return `it has ${entries.length} entries (at most ${limits.maxEntries} are read)`
  let total = 0
  for (const entry of entries) {
    total += entry.size
    if (entry.size > limits.ratioFloor && entry.size / Math.max(entry.compressedSize, 1) > limits.maxRatio) {
      const ratio = entry.size / Math.max(entry.compressedSize, 1)
      return `its entry \`${entry.name.slice(0, 100)}\` would unpack from ${megabytes(entry.compressedSize)} to ${megabytes(entry.size)} (${ratio === Infinity ? 'an endless' : `a ${Math.round(ratio)}×`} ratio; at most ${limits.maxRatio}× is read)`
    }
  }
  if (total > limits.maxTotal) return `its entries would unpack to ${megabytes(total)} (at most ${megabytes(limits.maxTotal)} is read)`
  return null
}

export type ZipRead = { ok: true; bytes: Uint8Array } | { ok: false; problem: string; bomb: boolean }

/**
 * One entry's bytes, unpacked with an output limit of its declared size: a stream that would
 * unpack to more is stopped, not followed. Only stored and deflated entries are read.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): ZipRead {
  const data = view(bytes)
  const name = `\`${entry.name.slice(0, 100)}\``
  if (entry.flags & 1) return { ok: false, problem: `its entry ${name} is encrypted`, bomb: false }
  const at = entry.localOffset
  if (!(at + 30 <= bytes.length) || data.getUint32(at, true) !== LOCAL) return { ok: false, problem: `its entry ${name} is damaged or lies past the end of the file`, bomb: false }
  const start = at + 30 + data.getUint16(at + 26, true) + data.getUint16(at + 28, true)
  const stop = start + entry.compressedSize
  if (!(stop <= bytes.length)) return { ok: false, problem: `its entry ${name} is cut short (the file is truncated)`, bomb: false }
  const packed = bytes.subarray(start, stop)
  if (entry.method === 0) {
    return entry.compressedSize === entry.size ? { ok: true, bytes: packed } : { ok: false, problem: `its stored entry ${name} has conflicting sizes`, bomb: false }
  }
  if (entry.method !== 8) return { ok: false, problem: `its entry ${name} uses compression method ${entry.method}, which Word does not write`, bomb: false }
  let out: Buffer
  try {
    // One byte more than declared: a stream that reaches it unpacks to more than it said.
    out = inflateRawSync(packed, { maxOutputLength: entry.size + 1 })
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, problem: `its entry ${name} unpacks to more than the ${megabytes(entry.size)} it declares`, bomb: true }
    }
    return { ok: false, problem: `its entry ${name} is damaged (${(error as Error).message})`, bomb: false }
  }
  if (out.length !== entry.size) return { ok: false, problem: `its entry ${name} unpacks to ${out.length} bytes, not the ${entry.size} it declares`, bomb: out.length > entry.size }
  return { ok: true, bytes: out }
}
