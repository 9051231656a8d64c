import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { DiagnosticBag } from '../diagnostics/collector.js'
import type { Source, SourceFormat } from '../model/source.js'
import { OutlineBuilder } from '../outline/builder.js'
import { makeSourceId } from '../outline/ids.js'
import { decodeBytes } from './decode.js'
import { htmlReader } from './html.js'
import { markdownReader } from './markdown.js'
import { blankMeta, detectLanguage } from './meta.js'
import { newsTextReader } from './news-text.js'
import { outlineTextReader } from './outline-text.js'
import type { Reader } from './types.js'
import { wordpressJsonReader } from './wordpress-json.js'

/** Every reader by format name. Adding a format is one module and one line here. */
export const READERS: Readonly<Record<SourceFormat, Reader>> = {
  'outline-text': outlineTextReader,
  'news-text': newsTextReader,
  'wordpress-json': wordpressJsonReader,
  html: htmlReader,
  markdown: markdownReader,
}

export const FORMATS = Object.keys(READERS) as SourceFormat[]

/** The format a text is in, judged by its content; the file extension only breaks near-ties. */
export function detectFormat(text: string, file = ''): SourceFormat {
  const ext = extname(file).slice(1).toLowerCase()
  let best: SourceFormat = 'news-text'
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
}

/**
 * Reads one source from its bytes. Never throws for bad content: whatever is
 * wrong with the input becomes a diagnostic, and the Source holds what could
 * be recovered. Throws only when called wrongly (an unknown format name).
 */
export function readSource(bytes: Uint8Array, options: ReadOptions = {}): Source {
  const file = options.file ?? '<input>'
  if (options.format !== undefined && !(options.format in READERS)) {
    throw new Error(`Unknown source format \`${options.format}\`; use one of ${FORMATS.map((f) => `\`${f}\``).join(', ')}`)
  }
  const bag = new DiagnosticBag(file, 'decode')
  const decoded = decodeBytes(bytes, bag, options.charset)
  const format = options.format ?? detectFormat(decoded.text, file)
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

/** Reads a source file from disk; see `readSource`. */
export async function readSourceFile(path: string, options: Omit<ReadOptions, 'file'> & { file?: string } = {}): Promise<Source> {
  const bytes = await readFile(path)
  return readSource(bytes, { ...options, file: options.file ?? path })
}
