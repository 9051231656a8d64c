import type { DiagnosticBag } from '../diagnostics/collector.js'
import type { SourceFormat, SourceMeta } from '../model/source.js'
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
  format: SourceFormat
  /** File extensions (lower case, without dot) that hint at this format. */
  extensions: readonly string[]
  /** 0 (certainly not) to 1 (certainly), from the decoded text alone. */
  detect(text: string): number
  read(text: string, context: ReaderContext): ReaderResult
}
