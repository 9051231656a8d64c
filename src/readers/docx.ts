import type { Person, SourceMeta } from '../model/source.js'
import { parseDate } from '../outline/dates.js'
import { mergeAuthors, person } from '../outline/names.js'
import { PlainTextBuilder } from '../outline/spans.js'
import { extractSync, type DocxExtraction } from './extract.js'
import { htmlContentBlocks } from './html.js'
import { loadLinkedom } from './lazy.js'
import { duration } from './pdf.js'
import { collapseSpace, outlineFromBlocks, type OutlineBlock } from './mdast-outline.js'
import { blankMeta, decodeEntities } from './meta.js'
import type { BinaryContext, BinaryReader, BinaryReaderResult, NoteRef } from './types.js'
import { looksLikeZip, readZipDirectory, readZipEntry, zipBombReason } from './zip-guard.js'

/*
 * Word documents: the zip archive is checked (src/readers/zip-guard.ts), mammoth turns the
 * document into HTML in the extraction worker, and the HTML reader's rules make the outline:
 * Word headings are sections, Word lists are bullets, short all-bold paragraphs are headings.
 * Footnotes and endnotes do not become claims of their own: each note's text goes to the
 * claim whose sentence carries its reference mark, in the claim's `notes`, and the mark
 * itself (`[1]`) is left out of the claim's text.
 */

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

// Note references stand in the text as private-use brackets around the note's id while the
// HTML goes through rehype; they are taken out again before the outline is built.
const NOTE_OPEN = '\uE000'
const NOTE_CLOSE = '\uE001'
const NOTE_MARK = /\uE000([a-z]{1,10}-\d{1,6})\uE001/gu

function isOle(bytes: Uint8Array): boolean {
  return OLE_MAGIC.every((b, i) => bytes[i] === b)
}

/** A zip archive with `word/document.xml` in its central directory. */
function sniffDocx(bytes: Uint8Array): boolean {
  if (!looksLikeZip(bytes)) return false
  const directory = readZipDirectory(bytes)
  return directory.ok && directory.entries.some((e) => e.name === 'word/document.xml')
}

interface CoreProperties {
  title: string | null
  creator: string | null
  created: string | null
  language: string | null
}

function coreField(xml: string, tag: string): string | null {
  // Bounded: core.xml is a handful of short elements.
  const m = new RegExp(`<${tag}(?:\\s[^>]{0,300})?>([^<]{0,2000})</${tag}>`, 'u').exec(xml)
  const value = m ? collapseSpace(decodeEntities(m[1]!)) : ''
  return value || null
}

function coreProperties(xml: string): CoreProperties {
  return {
    title: coreField(xml, 'dc:title'),
    creator: coreField(xml, 'dc:creator'),
    created: coreField(xml, 'dcterms:created'),
    language: coreField(xml, 'dc:language'),
  }
}

// What Word and other programs fill in for a document nobody named.
const PLACEHOLDER_CREATOR = /^(?:microsoft office user|windows user|user|administrator|admin|author|owner|unknown|python-docx|un-named|docx)$/iu

/** `Doe, Jane; Roe, Richard` or `Jane Doe and Richard Roe` → people; account names are not people. */
function creators(value: string | null): Person[] {
  if (!value || PLACEHOLDER_CREATOR.test(value)) return []
  const parts = value.split(';').map((p) => p.trim()).filter(Boolean)
  const names = parts.length > 1 ? parts : value.split(/(?<!\s)\s+(?:and|&)\s+/iu)
  return names
    .map((name) => {
      const comma = name.split(',').map((p) => p.trim())
      return comma.length === 2 && comma[0] && comma[1] ? `${comma[1]} ${comma[0]}` : name.trim()
    })
    .filter((name) => name.length <= 80 && !PLACEHOLDER_CREATOR.test(name) && !/[@\\/]/u.test(name))
    .map((name) => person(name))
}

interface DomNode {
  textContent: string | null
  parentNode: DomNode | null
  childNodes: ArrayLike<DomNode>
  getAttribute?(name: string): string | null
  remove(): void
  replaceWith(...nodes: unknown[]): void
  querySelectorAll(selector: string): Iterable<DomNode>
  tagName?: string
}

interface NotesHtml {
  html: string
  notes: Map<string, string>
}

/**
 * Takes mammoth's footnote and endnote lists out of the HTML (their text, by note id) and
 * puts a private-use marker where each note is referenced.
 */
function separateNotes(html: string): NotesHtml {
  const notes = new Map<string, string>()
  if (!/id="(?:footnote|endnote)-ref-/u.test(html)) return { html, notes }
  const { document } = loadLinkedom().parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`) as unknown as {
    document: { body: DomNode & { innerHTML: string }; createTextNode(text: string): unknown }
  }
  const body = document.body
  for (const item of [...body.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]')]) {
    const id = item.getAttribute?.('id') ?? ''
    for (const back of [...item.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')]) back.remove()
    const text = collapseSpace(item.textContent ?? '')
    if (text) notes.set(id, text)
    const list = item.parentNode
    item.remove()
    if (list && list.tagName?.toLowerCase() === 'ol' && collapseSpace(list.textContent ?? '') === '') list.remove()
  }
  for (const ref of [...body.querySelectorAll('a[id^="footnote-ref-"], a[id^="endnote-ref-"]')]) {
    const id = (ref.getAttribute?.('href') ?? '').replace(/^#/u, '')
    const sup = ref.parentNode
    const target = sup && sup.tagName?.toLowerCase() === 'sup' && sup.childNodes.length === 1 ? sup : ref
    target.replaceWith(document.createTextNode(`${NOTE_OPEN}${id}${NOTE_CLOSE}`))
  }
  return { html: body.innerHTML, notes }
}

/** A block's text without note markers, and where each marker stood in it. */
function stripMarks(text: string): { text: string; marks: Array<{ at: number; id: string }> } {
  if (!text.includes(NOTE_OPEN)) return { text, marks: [] }
  const marks: Array<{ at: number; id: string }> = []
  let out = ''
  let last = 0
  for (const m of text.matchAll(NOTE_MARK)) {
    out += text.slice(last, m.index)
    last = m.index + m[0].length
    const rest = text.slice(last, last + 1)
    // "ever.[1] Officials" → "ever. Officials": one space stays where the mark was.
    if (out.endsWith(' ') && (rest === '' || /[\s.,;:!?)\]]/u.test(rest))) out = out.slice(0, -1)
    if (out === '' && rest === ' ') last++
    marks.push({ at: out.length, id: m[1]! })
  }
  out += text.slice(last)
  // A stray bracket (a marker cut in two) must not reach the text.
  const clean = out.replace(/[\uE000\uE001]/gu, '')
  return { text: clean, marks: clean === out ? marks : [] }
}

function unreadable(context: BinaryContext, message: string): BinaryReaderResult {
  context.bag.report('docx-unreadable', message)
  return { meta: blankMeta('document'), outline: outlineFromBlocks([]) }
}

function readDocx(bytes: Uint8Array, context: BinaryContext): BinaryReaderResult {
  const { bag, file } = context
  const name = `\`${file}\``
  if (bytes.length >= 8 && isOle(bytes)) {
    return unreadable(context, `${name} is an OLE compound file — a password-protected Word document or an old .doc — not a .docx; remove the password, or save it as .docx in Word`)
  }
  if (!looksLikeZip(bytes)) return unreadable(context, `${name} is not a zip archive, so not a .docx (it does not start with \`PK\`); save it as .docx in Word`)
  const directory = readZipDirectory(bytes)
  if (!directory.ok) {
    if (directory.bomb) bag.report('zip-bomb', `${name} was not opened: ${directory.problem}`)
    else bag.report('docx-unreadable', `${name} is a damaged zip archive: ${directory.problem}; save it again in Word`)
    return { meta: blankMeta('document'), outline: outlineFromBlocks([]) }
  }
  const bomb = zipBombReason(directory.entries)
  if (bomb) {
    bag.report('zip-bomb', `${name} was not opened: ${bomb}`)
    return { meta: blankMeta('document'), outline: outlineFromBlocks([]) }
  }
  if (!directory.entries.some((e) => e.name === 'word/document.xml')) {
    return unreadable(context, `${name} is a zip archive without \`word/document.xml\`, so not a Word document; save it as .docx in Word`)
  }
  // Every part mammoth reads is unpacked here first, with an output limit: one that unpacks
  // to more than it declares never reaches mammoth.
  let core: CoreProperties = { title: null, creator: null, created: null, language: null }
  for (const entry of directory.entries) {
    if (!/\.(?:xml|rels)$/iu.test(entry.name)) continue
    const part = readZipEntry(bytes, entry)
    if (!part.ok) {
      if (part.bomb) bag.report('zip-bomb', `${name} was not opened: ${part.problem}`)
      else bag.report('docx-unreadable', `${name} is damaged: ${part.problem}; save it again in Word`)
      return { meta: blankMeta('document'), outline: outlineFromBlocks([]) }
    }
    if (entry.name === 'docProps/core.xml') core = coreProperties(new TextDecoder().decode(part.bytes))
  }

  const extracted = extractSync<DocxExtraction>({ kind: 'docx', bytes }, context.timeoutMs)
  if (!extracted.ok) {
    const why = extracted.name === 'timeout' ? `reading it took longer than ${duration(context.timeoutMs)}` : extracted.message
    return unreadable(context, `${name} could not be read as a Word document: ${why}; open it in Word and save it again`)
  }

  const { html, notes } = separateNotes(extracted.value.html)
  let blocks: OutlineBlock[] = htmlContentBlocks(html, { pseudoHeadings: true, title: core.title }).blocks
  const meta: SourceMeta = blankMeta('document')
  meta.title = core.title
  if (meta.title === null) {
    // No title in the properties: Word's Title style (or the first top heading) names the document.
    const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1)
    if (h1) {
      meta.title = stripMarks(h1.text).text
      blocks = blocks.filter((b) => b !== h1)
    }
  }
  meta.authors = mergeAuthors(creators(core.creator))
  meta.date = core.created ? parseDate(core.created) : null
  meta.language = core.language ? (/^([a-z]{2,3})(?:[-_]|$)/iu.exec(core.language)?.[1]?.toLowerCase() ?? null) : null

  // The outline's text is built block by block (as outlineFromBlocks builds it), so each note
  // mark's place in a block is its place in the text.
  const plain = new PlainTextBuilder()
  const refs: NoteRef[] = []
  const pendingHeadingNotes: string[] = []
  const clean: OutlineBlock[] = []
  for (const block of blocks) {
    const { text, marks } = stripMarks(block.text)
    if (text === '') continue
    const span = plain.block(text)
    clean.push({ ...block, text })
    const texts = marks.map((m) => notes.get(m.id)).filter((t): t is string => t !== undefined)
    if (block.kind === 'heading') {
      // A note on a heading goes with the first claim under it.
      pendingHeadingNotes.push(...texts)
      continue
    }
    for (const note of pendingHeadingNotes.splice(0)) refs.push({ at: span.start, text: note })
    marks.forEach((m) => {
      const note = notes.get(m.id)
      if (note !== undefined) refs.push({ at: span.start + m.at, text: note })
    })
  }
  return { meta, outline: outlineFromBlocks(clean), notes: refs }
}

export const docxReader: BinaryReader = {
  format: 'docx',
  extensions: ['docx', 'docm', 'dotx'],
  sniff: sniffDocx,
  readBytes: readDocx,
}
