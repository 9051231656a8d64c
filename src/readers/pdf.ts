import type { SourceMeta } from '../model/source.js'
import { OutlineBuilder } from '../outline/builder.js'
import { mergeAuthors, person } from '../outline/names.js'
import { extractSync, type PdfExtraction } from './extract.js'
import { blankMeta } from './meta.js'
import { newsTextReader } from './news-text.js'
import { lineMarker, outlineTextReader, readOutlineText, type OutlineHints } from './outline-text.js'
import { blocksOf, bodySize, isDateOnly, isHeadingBlock, pageLines, readingOrder, removeMargins, wordSet, type LayoutBlock } from './pdf-layout.js'
import type { BinaryContext, BinaryReader, BinaryReaderResult, PageStart } from './types.js'

/*
 * PDF sources: pdf.js (through unpdf) gives each page's positioned text in the extraction
 * worker; pdf-layout.ts turns it into plain text (headers, footers and page numbers out,
 * columns in order, paragraphs joined), and the outline-text reader reads that text as it
 * reads any brief — or news-text, for a PDF without outline markers or larger headings. What
 * the layout shows and plain text cannot (a heading set in larger type, the title, a bare
 * date line) is passed to outline-text as hints. Each claim records the page it starts on.
 */

/** `%PDF-` within the first kilobyte: pdf.js allows junk before the header, as Acrobat does. */
function sniffPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1')
  return head.includes('%PDF-')
}

// Titles that name a file or a template, not the document.
const JUNK_TITLE = /^(?:microsoft (?:word|powerpoint|excel) - |untitled|document\d*$|unknown$|title$|slide \d)|\.(?:docx?|pdf|indd|pptx?|hwpx?|rtf|txt|odt|tex|qxd)$/iu

/** `D:20250602093000+09'00'` → `2025-06-02`. */
export function pdfDate(value: string | null): string | null {
  const m = value ? /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/u.exec(value.trim()) : null
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)]
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || !m[2] || !m[3]) return null
  return `${m[1]}-${m[2]}-${m[3]}`
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()
}

function unreadable(context: BinaryContext, message: string): BinaryReaderResult {
  context.bag.report('pdf-unreadable', message)
  return { meta: blankMeta('document'), outline: new OutlineBuilder('') }
}

export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`
}

/** What went wrong, in words the user can act on. */
function failureMessage(file: string, name: string, message: string, timeoutMs: number): string {
  if (name === 'PasswordException') return `${file} is encrypted with a password; save an unprotected copy (print to PDF, or \`qpdf --decrypt\`) and read that`
  if (name === 'InvalidPDFException') return `${file} is damaged or not a PDF (${message}); download it again or re-save it from a PDF viewer`
  if (name === 'timeout') return `${file} took longer than ${duration(timeoutMs)} to read and was given up; re-save it from a PDF viewer, or split it`
  if (name === 'MissingPDFException' || name === 'UnknownErrorException') return `${file} could not be read (${message}); download it again or re-save it from a PDF viewer`
  return `${file} could not be read (${name}: ${message}); download it again or re-save it from a PDF viewer`
}

function pageList(pages: number[]): string {
  return pages.length <= 8 ? pages.join(', ') : `${pages.slice(0, 8).join(', ')} and ${pages.length - 8} more`
}

interface Composed {
  text: string
  pages: PageStart[]
  hints: OutlineHints
}

/**
 * The text the outline reader reads: one line per block, a blank line between blocks (none
 * between the items of one list, so a run of numbered items stays a list), `• ` before an item
 * whose bullet the PDF draws as a shape.
 */
function compose(blocks: readonly LayoutBlock[], titleHint: string | null, authors: readonly string[]): Composed {
  const body = bodySize(blocks)
  // A heading by its type: a short block set larger than the body text, marked or not; a
  // numbered one ("1. The channel") starts a list item in the layout, so is tested as a block.
  const numberedHeading = (b: LayoutBlock): boolean => lineMarker(b.text)?.role === 'numbered' && isHeadingBlock({ ...b, listItem: false }, body)
  const isHeading = (b: LayoutBlock): boolean => isHeadingBlock(b, body) || numberedHeading(b)
  const headings = new Map<number, string>()
  const dates = new Set<number>()
  let titleBlock = -1
  let titleLine: number | undefined
  // The header: page 1 up to its first paragraph of body text.
  const firstProse = blocks.findIndex((b) => b.page === blocks[0]?.page && Math.abs(b.size - body) <= 0.1 * body && (b.lines >= 2 || /[.!?]["'”’)]?$/u.test(b.text)))
  let headerEnd = firstProse === -1 ? 0 : firstProse
  // Heading levels follow the marker of headings set in the same size: `■ Trade` and an
  // unmarked `Notes` in one size are one level.
  const markerTypeBySize = new Map<number, string>()
  for (const b of blocks) {
    const marker = lineMarker(b.text)
    if (marker?.role === 'section' && !markerTypeBySize.has(Math.round(b.size * 2))) markerTypeBySize.set(Math.round(b.size * 2), marker.type)
  }
  if (headerEnd > 0) {
    const header = blocks.slice(0, headerEnd)
    const key = titleHint ? normalize(titleHint) : null
    let at = key ? header.findIndex((b) => normalize(b.text) === key) : -1
    if (at === -1) {
      const largest = Math.max(...header.map((b) => b.size))
      at = largest >= body * 1.3 ? header.findIndex((b) => b.size === largest && isHeadingBlock(b, body)) : -1
    }
    titleBlock = at
    // A heading after the title and its subtitle opens the body, even before any prose.
    const heading = header.findIndex((b, k) => k > at + 1 && at !== -1 && isHeading(b) && !isDateOnly(b.text))
    if (heading !== -1) headerEnd = heading
  }
  let text = ''
  let line = 0
  const pages: PageStart[] = []
  blocks.forEach((block, k) => {
    if (k > 0) {
      const together = block.listItem && blocks[k - 1]!.listItem
      text += together ? '\n' : '\n\n'
      line += together ? 1 : 2
    }
    if (pages[pages.length - 1]?.page !== block.page) pages.push({ at: text.length, page: block.page })
    const prefix = block.bullet && !lineMarker(block.text) ? 2 : 0
    for (const brk of block.pageBreaks) pages.push({ at: text.length + prefix + brk.at, page: brk.page })
    if (k < headerEnd) {
      if (k === titleBlock) titleLine = line
      else if (isDateOnly(block.text)) dates.add(line)
    } else if (!lineMarker(block.text) && isHeadingBlock(block, body)) {
      headings.set(line, markerTypeBySize.get(Math.round(block.size * 2)) ?? `size:${Math.round(block.size * 2) / 2}`)
    } else if (numberedHeading(block)) {
      headings.set(line, lineMarker(block.text)!.type)
    }
    text += prefix ? `• ${block.text}` : block.text
  })
  const hints: OutlineHints = { headings, dates, authors }
  if (titleLine !== undefined) hints.title = titleLine
  return { text, pages, hints }
}

function readPdf(bytes: Uint8Array, context: BinaryContext): BinaryReaderResult {
  const { bag, file } = context
  const name = `\`${file}\``
  if (!sniffPdf(bytes)) {
    return unreadable(context, `${name} is not a PDF: it does not start with \`%PDF-\` (${bytes.length} bytes); download it again, or name it for what it is`)
  }
  const extracted = extractSync<PdfExtraction>({ kind: 'pdf', bytes, maxPages: context.maxPages }, context.timeoutMs)
  if (!extracted.ok) return unreadable(context, failureMessage(name, extracted.name, extracted.message, context.timeoutMs))
  const pdf = extracted.value
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-1024).toString('latin1')
  if (!tail.includes('%%EOF')) {
    bag.report('truncated-input', `${name} ends without \`%%EOF\`: the file is cut short (an interrupted download?); what could be read is shown, download it again for the rest`, { line: 1, column: 1 })
  }
  if (pdf.totalPages > pdf.pages.length) {
    bag.report('pdf-too-many-pages', `${name} has ${pdf.totalPages} pages; only the first ${pdf.pages.length} were read (the limit is \`maxPages\`, ${context.maxPages}); split the file to read the rest`, { line: 1, column: 1 })
  }

  const lines = pdf.pages.map(pageLines)
  const blank = pdf.pages.filter((_, p) => lines[p]!.length === 0).map((page) => page.n)
  if (pdf.pages.length > 0 && blank.length === pdf.pages.length) {
    bag.report('pdf-no-text', `no page of ${name} holds text: it is a scan or a picture of text; run OCR on it (for example \`ocrmypdf\`) and read the result`, { line: 1, column: 1 })
  } else if (blank.length > 0 && blank.length >= pdf.pages.length / 4) {
    bag.report('pdf-no-text', `${blank.length} of ${pdf.pages.length} pages of ${name} hold no text (pages ${pageList(blank)}); if they are scans, run OCR on the file`, { line: 1, column: 1 })
  }
  const cleaned = removeMargins(lines, pdf.pages.map((p) => p.height), pdf.totalPages)
  const ordered = cleaned.pages.flatMap((page) => readingOrder(page))
  const blocks = blocksOf(ordered, wordSet(ordered))

  const infoTitle = pdf.info.title && !JUNK_TITLE.test(pdf.info.title) ? pdf.info.title : null
  const infoAuthors = (pdf.info.author ?? '')
    // Split on the separators alone, then trim: a pattern with spaces around them backtracks on long runs of spaces.
    .split(/;|&|\band\b|,(?= \p{Lu}\p{Ll}{1,30} \p{Lu})/u)
    .map((n) => n.trim())
    .filter((n) => n.length > 1 && n.length <= 80 && !/[@\\/]/u.test(n))
  const { text, pages, hints } = compose(blocks, infoTitle, infoAuthors)
  bag.useText(text)
  if (cleaned.removed > 0) bag.report('boilerplate-removed', `left out ${cleaned.removed} running header, footer and page-number line(s)`, { line: 1, column: 1 })
  const useOutline = (hints.headings?.size ?? 0) > 0 || outlineTextReader.detect(text) >= newsTextReader.detect(text)
  const result = useOutline ? readOutlineText(text, context, hints) : newsTextReader.read(text, context)

  const meta: SourceMeta = result.meta
  // The document's own metadata, where the text says nothing better: a title read from the
  // layout (the largest type on page 1) wins, a guess from plain text does not.
  if (infoTitle && (hints.title === undefined || meta.title === null)) meta.title = infoTitle
  if (meta.authors.length === 0) meta.authors = mergeAuthors(infoAuthors.map((n) => person(n)))
  meta.date ??= pdfDate(pdf.info.created)
  return { meta, outline: result.outline, pages }
}

export const pdfReader: BinaryReader = {
  format: 'pdf',
  extensions: ['pdf'],
  sniff: sniffPdf,
  readBytes: readPdf,
}
