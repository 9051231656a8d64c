import type { DiagnosticBag } from '../diagnostics/collector.js'
import type { BinaryFormat, SourceMeta, TextFormat } from '../model/source.js'
import type { OutlineBuilder } from '../outline/builder.js'

export interface ReaderContext {
  /** The file's path as the user named it, for diagnostics. */
  file: string
  bag: DiagnosticBag
}

export interface ReaderResult {
  meta: SourceMeta
  /** Holds the text claims point into, and the sections built so far. */
  outline: OutlineBuilder
}

/** One source format: how sure it is that a text is its format, and how to read it. */
export interface Reader {
  format: TextFormat
  /** File extensions (lower case, without dot) that hint at this format. */
  extensions: readonly string[]
  /** 0 (certainly not) to 1 (certainly), from the decoded text alone. */
  detect(text: string): number
  read(text: string, context: ReaderContext): ReaderResult
}

/** Where a note reference stands in the outline's text, and the note's own text. */
export interface NoteRef {
  /** Offset in `outline.text` where the reference mark stood (the mark itself is not in the text). */
  at: number
  text: string
}

/** Where in `outline.text` the text of a page begins. */
export interface PageStart {
  at: number
  page: number
}

export interface BinaryReaderResult extends ReaderResult {
  /** Where each page's text begins, in text order: a claim is on the last page that begins at or before it. */
  pages?: PageStart[]
  /** Footnotes and endnotes, attached to the claim whose text holds their reference. */
  notes?: NoteRef[]
}

export interface BinaryContext extends ReaderContext {
  /** Read at most this many pages (paginated formats). */
  maxPages: number
  /** Give up on extraction after this many milliseconds. */
  timeoutMs: number
}

/**
 * A format read from its bytes (PDF, DOCX): recognized by magic bytes before any text
 * decoding, since decoding would only report the bytes as binary.
 */
export interface BinaryReader {
  format: BinaryFormat
  extensions: readonly string[]
  /** True when the bytes are certainly this format. */
  sniff(bytes: Uint8Array): boolean
  readBytes(bytes: Uint8Array, context: BinaryContext): BinaryReaderResult
}
