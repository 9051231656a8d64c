import { extname } from 'node:path'
import { DiagnosticBag } from '../diagnostics/collector.js'
import type { BinaryFormat, Claim, Section, Source, SourceFormat, TextFormat } from '../model/source.js'
import { OutlineBuilder, allClaims } from '../outline/builder.js'
import { makeSourceId } from '../outline/ids.js'
import { decodeBytes, looksBinary } from './decode.js'
import { docxReader } from './docx.js'
import { htmlReader } from './html.js'
import { markdownReader } from './markdown.js'
import { blankMeta, detectLanguage } from './meta.js'
import { newsTextReader } from './news-text.js'
import { outlineTextReader } from './outline-text.js'
import { pdfReader } from './pdf.js'
import { maxSourceBytes, readFileWithin, tooLargeDiagnostic, unreadSource } from './source-size.js'
import type { BinaryReader, BinaryReaderResult, NoteRef, PageStart, Reader } from './types.js'
import { wordpressJsonReader } from './wordpress-json.js'

/** Every reader of decoded text by format name. Adding a format is one module and one line here. */
export const READERS: Readonly<Record<TextFormat, Reader>> = {
  'outline-text': outlineTextReader,
  'news-text': newsTextReader,
  'wordpress-json': wordpressJsonReader,
  html: htmlReader,
  markdown: markdownReader,
}

/** Readers of binary formats, recognized by their bytes before any decoding. */
export const BINARY_READERS: Readonly<Record<BinaryFormat, BinaryReader>> = {
  pdf: pdfReader,
  docx: docxReader,
}

export const FORMATS = [...Object.keys(READERS), ...Object.keys(BINARY_READERS)] as SourceFormat[]

/** Most pages read from a PDF by default; the rest are left out with a diagnostic. */
export const DEFAULT_MAX_PAGES = 2000
/** How long a PDF or DOCX may take to read before it is given up, by default. */
export const DEFAULT_EXTRACT_TIMEOUT_MS = 60_000

/**
 * The binary format of some bytes: by magic bytes first; then, for bytes that are not text,
 * by the file's extension, so that a damaged `report.pdf` gets the PDF reader's diagnosis.
 */
export function detectBinaryFormat(bytes: Uint8Array, file = ''): BinaryFormat | null {
  for (const reader of Object.values(BINARY_READERS)) if (reader.sniff(bytes)) return reader.format
  const ext = extname(file).slice(1).toLowerCase()
  const named = Object.values(BINARY_READERS).find((reader) => reader.extensions.includes(ext))
  return named && bytes.length > 0 && looksBinary(bytes) ? named.format : null
}

/** The format a text is in, judged by its content; the file extension only breaks near-ties. */
export function detectFormat(text: string, file = ''): TextFormat {
  const ext = extname(file).slice(1).toLowerCase()
  let best: TextFormat = 'news-text'
  let bestScore = 0
  for (const reader of Object.values(READERS)) {
    let score = reader.detect(text)
    if (ext && reader.extensions.includes(ext)) score += 0.15
    if (score > bestScore) {
      best = reader.format
      bestScore = score
    }
  }
  return best
}

export interface ReadOptions {
  /** The path shown in diagnostics and recorded in `Source.file`. */
  file?: string
  /** Skip detection and use this reader. */
  format?: SourceFormat
  /** Source ids already used in the workspace; the new id avoids them. */
  takenIds?: ReadonlySet<string>
  /** The charset the bytes were sent with (a downloaded file's Content-Type); the content may overrule it. */
  charset?: string | null
  /** Most pages of a PDF to read (default 2,000); past it a `pdf-too-many-pages` diagnostic says how many were left out. */
  maxPages?: number
  /** Milliseconds a PDF or DOCX may take to read (default 60,000) before a diagnostic gives it up. */
  timeoutMs?: number
}

/**
 * Reads one source from its bytes. Never throws for bad content: whatever is
 * wrong with the input becomes a diagnostic, and the Source holds what could
 * be recovered. Throws only when called wrongly (an unknown format name).
 */
export function readSource(bytes: Uint8Array, options: ReadOptions = {}): Source {
  const file = options.file ?? '<input>'
  if (options.format !== undefined && !FORMATS.includes(options.format)) {
    throw new Error(`Unknown source format \`${options.format}\`; use one of ${FORMATS.map((f) => `\`${f}\``).join(', ')}`)
  }
  for (const [name, value] of [['maxPages', options.maxPages], ['timeoutMs', options.timeoutMs]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) throw new Error(`\`${name}\` must be a positive whole number, not \`${value}\``)
  }
  const binary = options.format === undefined ? detectBinaryFormat(bytes, file) : options.format in BINARY_READERS ? (options.format as BinaryFormat) : null
  if (binary) return readBinary(bytes, binary, file, options)
  const bag = new DiagnosticBag(file, 'decode')
  const decoded = decodeBytes(bytes, bag, options.charset)
  const format = (options.format as TextFormat | undefined) ?? detectFormat(decoded.text, file)
  const reader = READERS[format]
  const readerBag = new DiagnosticBag(file, format)
  readerBag.useText(decoded.text)
  let meta = blankMeta('document')
  let outline = new OutlineBuilder('')
  if (decoded.binary) {
    // Nothing to read; the decode diagnostic says why.
  } else if (decoded.text.trim() === '') {
    readerBag.report('empty-input', 'the file is empty or holds only whitespace; there is nothing to read')
  } else {
    const result = reader.read(decoded.text, { file, bag: readerBag })
    meta = result.meta
    outline = result.outline
  }
  meta.language ??= detectLanguage(outline.text)
  const id = makeSourceId(meta, options.takenIds)
  const sections = outline.finish(id)
  if (!decoded.binary && decoded.text.trim() !== '') {
    if (meta.title === null) readerBag.report('missing-title', 'no title was found; add one to the source or cite it with an explicit title')
    if (meta.date === null) readerBag.report('missing-date', 'no publication date was found; the source does not say when it was published')
    if (outline.claimCount === 0) readerBag.report('no-claims', 'no claims were found in this source')
  }
  return {
    id,
    file,
    format,
    meta,
    text: outline.text,
    sections,
    diagnostics: [...bag.list, ...readerBag.list],
  }
}

/** A PDF or DOCX: no decoding; the reader gets the bytes. */
function readBinary(bytes: Uint8Array, format: BinaryFormat, file: string, options: ReadOptions): Source {
  const bag = new DiagnosticBag(file, format)
  let result: BinaryReaderResult = { meta: blankMeta('document'), outline: new OutlineBuilder('') }
  if (bytes.length === 0) bag.report('empty-input', 'the file is empty; there is nothing to read')
  else {
    result = BINARY_READERS[format].readBytes(bytes, {
      file,
      bag,
      maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
      timeoutMs: options.timeoutMs ?? DEFAULT_EXTRACT_TIMEOUT_MS,
    })
  }
  const { meta, outline } = result
  meta.language ??= detectLanguage(outline.text)
  const id = makeSourceId(meta, options.takenIds)
  const sections = outline.finish(id)
  if (result.pages) setPages(sections, result.pages)
  if (result.notes && result.notes.length > 0) attachNotes(allClaims(sections), result.notes)
  // Only a file that was read says what it lacks: an unreadable one has said why already.
  if (!bag.list.some((d) => d.severity === 'error') && bytes.length > 0) {
    if (meta.title === null) bag.report('missing-title', 'no title was found; add one to the source or cite it with an explicit title', { line: 1, column: 1 })
    if (meta.date === null) bag.report('missing-date', 'no publication date was found; the source does not say when it was published', { line: 1, column: 1 })
    if (outline.claimCount === 0) bag.report('no-claims', 'no claims were found in this source', { line: 1, column: 1 })
  }
  return { id, file, format, meta, text: outline.text, sections, diagnostics: bag.list }
}

/** Each claim gets the page its first character is on. */
function setPages(sections: Section[], pages: readonly PageStart[]): void {
  let k = 0
  for (const claim of allClaims(sections)) {
    // Claims come in text order, so the page only moves forward.
    while (k + 1 < pages.length && pages[k + 1]!.at <= claim.start) k++
    claim.page = pages[k]?.page ?? null
  }
}

/** A note goes to the claim whose span holds its reference mark, or else to the next claim. */
function attachNotes(claims: Claim[], notes: readonly NoteRef[]): void {
  const sorted = [...claims].sort((a, b) => a.start - b.start)
  for (const note of notes) {
    const claim = sorted.find((c) => c.start <= note.at && note.at <= c.end) ?? sorted.find((c) => c.start >= note.at)
    if (claim) (claim.notes ??= []).push(note.text)
  }
}

export interface ReadFileOptions extends Omit<ReadOptions, 'file'> {
  file?: string
  /**
   * The largest file read, in bytes (default: BRIEF_MAX_SOURCE_SIZE, else 50 MB). A larger
   * one is not read: the Source has no claims and a `source-too-large` error.
   */
  maxBytes?: number
}

/**
 * Reads a source file from disk; see `readSource`. The size is checked before the bytes
 * are read. Throws for a file that cannot be opened (its `code` says why) and for a
 * `maxBytes` that is not a positive whole number.
 */
export async function readSourceFile(path: string, options: ReadFileOptions = {}): Promise<Source> {
  const { maxBytes, ...readOptions } = options
  const file = options.file ?? path
  const limit = maxSourceBytes(maxBytes)
  const read = await readFileWithin(path, limit)
  if ('bytes' in read) return readSource(read.bytes, { ...readOptions, file })
  // Not read, so not detected: the format the name says, or the one asked for.
  const ext = extname(path).slice(1).toLowerCase()
  const named = [...Object.values(BINARY_READERS), ...Object.values(READERS)].find((reader) => reader.extensions.includes(ext))
  return unreadSource(file, options.format ?? named?.format ?? 'news-text', tooLargeDiagnostic(file, read.tooLarge, limit), options.takenIds)
}
