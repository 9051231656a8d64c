import type { Person } from '../model/source.js'
import { OutlineBuilder } from '../outline/builder.js'
import { DATE_STRENGTH, chooseDate, parseDate, type DateEvidence } from '../outline/dates.js'
import { mergeAuthors, nameKeys, person } from '../outline/names.js'
import { endsSentence, paragraphSpans, splitLines, type Line } from './lines.js'
import { blankMeta } from './meta.js'
import { publisherFromEmail } from './publishers.js'
import type { Reader, ReaderContext, ReaderResult } from './types.js'

/** A marker at the start of a line, and what it makes of the line. */
export interface LineMarker {
  /** The marker as written (`■`, `1.`, `1)`, `❍`). */
  marker: string
  /** Markers of one style share a type; nesting follows the order types first appear in. */
  type: string
  role: 'section' | 'numbered' | 'bullet'
  /** Offset of the text after the marker, relative to the trimmed line. */
  textOffset: number
}

const SECTION_GLYPHS = '■□◆◇▶▷◼◾'
const BULLET_GLYPHS = '❍○◦•●※▪▫◎ㅇ➢➤✓·-*–'
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'

// Bounded, anchored patterns: each runs once per line.
const ROMAN_UNICODE = /^([Ⅰ-Ⅻ])[.)]?\s/u
const ROMAN_ASCII = /^((?:X{0,3})(?:IX|IV|V?I{0,3}))\.\s+(?=\p{Lu})/u
const NUMBER_DOT = /^(\d{1,3})\.\s/
const NUMBER_PAREN = /^(\d{1,3})\)\s/
const NUMBER_BOTH = /^\((\d{1,3})\)\s/
const HANGUL_DOT = /^([가나다라마바사아자차카타파하])[.)]\s/u
const LETTER_DOT = /^([A-H])\.\s+(?=\p{Lu})/u

/** Reads the outline marker a trimmed line starts with, if any. */
export function lineMarker(line: string): LineMarker | null {
  const first = line.charAt(0)
  if (!first) return null
  const rest = line.slice(1)
  if (SECTION_GLYPHS.includes(first) && /^\s/u.test(rest)) {
    return { marker: first, type: first, role: 'section', textOffset: 1 }
  }
  if (BULLET_GLYPHS.includes(first) && /^\s/u.test(rest)) {
    // "- " and "* " only as bullets when followed by text, so a dash rule is not a claim.
    if (!/\S/u.test(rest)) return null
    return { marker: first, type: `bullet:${first}`, role: 'bullet', textOffset: 1 }
  }
  if (CIRCLED.includes(first)) return { marker: first, type: 'circled', role: 'numbered', textOffset: 1 }
  const patterns: Array<[RegExp, string, LineMarker['role']]> = [
    [ROMAN_UNICODE, 'roman-unicode', 'section'],
    [NUMBER_DOT, '1.', 'numbered'],
    [NUMBER_PAREN, '1)', 'numbered'],
    [NUMBER_BOTH, '(1)', 'numbered'],
    [HANGUL_DOT, '가.', 'numbered'],
    [ROMAN_ASCII, 'I.', 'section'],
    [LETTER_DOT, 'A.', 'numbered'],
  ]
  for (const [pattern, type, role] of patterns) {
    const m = pattern.exec(line)
    if (m && m[0].trim().length > 0 && (type !== 'I.' || (m[1] ?? '') !== '')) {
      const marker = m[0].trim()
      return { marker, type, role, textOffset: m[0].length }
    }
  }
  return null
}

// A numbered line this long, or one that ends like a sentence, is a list item, not a heading.
const MAX_HEADING = 150

function isNumberedHeading(text: string): boolean {
  return text.length <= MAX_HEADING && !endsSentence(text)
}

const SERIES = /\b(?:Policy Briefs?|Issue Briefs?|Briefing|Working Papers?|Policy Papers?|Policy Reports?|Commentary|Analyses|Research Papers?|Occasional Papers?)\b|정책브리프|이슈브리프|世宗/iu
const NUMBER_TITLE = /^\((?:Brief|No\.?|Report|Issue|Vol\.?|Paper)\s{0,3}([\w.-]{1,20})\)\s{0,3}(.{1,300})$/iu
const NUMBER_LINE = /^(?:No\.|Number|Brief No\.?|제)\s{0,3}([\d][\w.-]{0,20})\s{0,2}호?$/iu
const DATE_LINE = /^(?:Date|Published|Posted|Issued|일자|날짜|발간일|작성일|등록일)(?=[\s:]|$)\s{0,3}:?\s{0,3}/iu
const WRITER = /\b(?:Writer|Author|By|작성자|저자|필자)\s{0,3}:?\s{1,3}(\p{L}[\p{L} .'-]{1,60})$/u
const ATTACHMENT = /^(?:File|Files|Attachment|Attachments|Download|첨부파일|첨부|파일)\b|\.(?:pdf|hwp|hwpx|docx?)\b/iu
const EMAIL = /^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$/u
const AFFILIATION = /\b(?:Institute|Institution|Center|Centre|Foundation|University|Council|Agency|Ministry|Forum|Association|Society|Academy)\b|연구원|연구소|재단|대학교|研究所|研究院/u
const ROLE = /^(?:(?:Senior|Junior|Chief|Visiting|Associate|Assistant|Adjunct|Non-?resident|Deputy|Executive|Principal|Vice)\s)*(?:Director|Fellow|Professor|President|Chair(?:man|woman)?|Head|Analyst|Researcher|Research Fellow|Editor|Advisor|Adviser|Manager|Secretary|Lecturer|Scholar)\b|연구위원|선임연구위원|수석연구위원|센터장|소장|교수/iu
const PERSON_NAME = /^\p{Lu}[\p{L}'’.-]{0,30}(?:\s\p{Lu}[\p{L}'’.-]{0,30}){1,3}$|^[\p{Script=Hangul}]{2,4}$/u
const VIEW_COUNT = /\b(?:View|Views|Hits|조회수?)\s{0,3}:?\s{0,3}[\d,]+/iu

/**
 * What a reader that saw the layout knows about lines of the text (the PDF reader: type sizes
 * and positions). Line indexes are those of `splitLines`.
 */
export interface OutlineHints {
  /** Headings that carry no marker (set in larger type), each with the marker type whose level it shares. */
  headings?: ReadonlyMap<number, string>
  /** The line that is the title: no other line is taken for it. */
  title?: number
  /** Lines that are a date and nothing else: the publication date. */
  dates?: ReadonlySet<number>
  /** Authors the document's metadata names: a header line that starts with them is a byline. */
  authors?: readonly string[]
}

interface Header {
  title: string | null
  series: string | null
  number: string | null
  dates: DateEvidence[]
  people: Person[]
  publisher: string | null
  /** Header lines that are prose, not metadata. */
  prose: Line[]
}

/**
 * A line that starts with names the metadata gives, and may go on with their affiliation
 * ("Mina Seo, Coastal Policy Unit"; "Mina Seo and Jae Park; Port Institute"): its people.
 */
function byline(text: string, known: ReadonlySet<string>): Person[] {
  if (known.size === 0 || text.length > 200 || endsSentence(text)) return []
  const names: string[] = []
  let from = 0
  for (const separator of [...text.matchAll(/[,;&]|\band\b/gu), null]) {
    const to = separator ? separator.index : text.length
    const name = text.slice(from, to).trim()
    if (!nameKeys(name).some((k) => known.has(k))) break
    names.push(name)
    from = separator ? to + separator[0].length : text.length
  }
  const affiliation = names.length > 0 ? text.slice(from).trim() || null : null
  return names.map((name) => person(name, { affiliation }))
}

function readHeader(lines: Line[], hints: OutlineHints = {}): Header {
  const header: Header = { title: null, series: null, number: null, dates: [], people: [], publisher: null, prose: [] }
  let current: Person | null = null
  const titles: string[] = []
  const known = new Set((hints.authors ?? []).flatMap((name) => nameKeys(name)))
  for (const line of lines) {
    if (line.blank) continue
    const text = line.text
    if (line.index === hints.title) {
      titles.unshift(text)
      continue
    }
    if (hints.dates?.has(line.index)) {
      const date = parseDate(text)
      if (date) header.dates.push({ date, strength: DATE_STRENGTH.stamp, label: 'header date line', at: line.start })
      continue
    }
    const people = byline(text, known)
    if (people.length > 0) {
      header.people.push(...people)
      current = people[people.length - 1]!
      continue
    }
    let m: RegExpExecArray | null
    if ((m = NUMBER_TITLE.exec(text))) {
      header.number ??= m[1] ?? null
      titles.push((m[2] ?? '').trim())
      continue
    }
    if ((m = NUMBER_LINE.exec(text))) {
      header.number ??= m[1] ?? null
      continue
    }
    if (ATTACHMENT.test(text)) {
      const writer = WRITER.exec(text)
      if (writer) header.people.push(person(writer[1]!.trim()))
      continue
    }
    if (DATE_LINE.test(text) || (VIEW_COUNT.test(text) && parseDate(text))) {
      const date = parseDate(text)
      if (date) header.dates.push({ date, strength: DATE_STRENGTH.stamp, label: 'header date line', at: line.start })
      const writer = WRITER.exec(text.replace(VIEW_COUNT, ''))
      if (writer) header.people.push(person(writer[1]!.trim()))
      continue
    }
    if (text.length <= 80 && !endsSentence(text) && SERIES.test(text) && !header.series) {
      header.series = text
      continue
    }
    if (EMAIL.test(text)) {
      if (current) current.email ??= text
      else header.people.push((current = person('', { email: text })))
      continue
    }
    // A role names its unit ("Director of Center for …"): test it before affiliations.
    if (text.length <= 100 && ROLE.test(text)) {
      if (current) current.role ??= text
      continue
    }
    if (text.length <= 100 && AFFILIATION.test(text) && !endsSentence(text)) {
      if (current) current.affiliation ??= text
      header.publisher ??= text
      continue
    }
    if (titles.some((t) => t === text)) continue
    if (PERSON_NAME.test(text) && text.split(/\s+/).length <= 4 && (titles.length > 0 || header.series)) {
      current = person(text)
      header.people.push(current)
      continue
    }
    if (titles.length === 0 && hints.title === undefined && text.length <= 200 && !endsSentence(text)) {
      titles.push(text)
      continue
    }
    header.prose.push(line)
  }
  header.title = titles[0] ?? null
  // An e-mail seen before any name belongs to the next name; drop nameless leftovers.
  header.people = header.people.filter((p) => p.name !== '')
  if (!header.publisher) {
    const email = header.people.find((p) => p.email)?.email
    if (email) header.publisher = publisherFromEmail(email)
  }
  return header
}

/** The first line that opens the outline proper: a section marker, or any marker line after the header. */
function outlineStart(lines: Line[], markerOf: (line: Line) => LineMarker | null): number {
  for (const line of lines) {
    if (line.blank) continue
    const marker = markerOf(line)
    if (marker && marker.role === 'section') return line.index
  }
  for (const line of lines) {
    if (!line.blank && lineMarker(line.text)) return line.index
  }
  return lines.length
}

/**
 * How many lines at the start of the outline are a table of contents: marker lines,
 * with nothing but blank lines between them, each repeated later as a heading.
 * Returns 0 unless there are at least two such entries.
 */
function tableOfContents(body: Line[], markers: Array<LineMarker | null>): number {
  const later = new Map<string, number>()
  for (const [i, m] of markers.entries()) {
    if (m && m.role !== 'bullet') later.set(headingKey(body[i]!.text, m), i)
  }
  let entries = 0
  let end = 0
  for (const [i, line] of body.entries()) {
    if (line.blank) continue
    const m = markers[i]
    if (!m || m.role === 'bullet' || (later.get(headingKey(line.text, m)) ?? -1) <= i) break
    entries++
    end = i + 1
  }
  return entries >= 2 ? end : 0
}

const LEADER = /[\s.·…_-]/u

/**
 * A contents line without its page number and the leader before it ("Overview ..... 3" →
 * "Overview"). A scan back from the end: the pattern `[\s.·…_-]*\d{1,4}$` tries every
 * start in a run of leader characters, quadratic on a line of 100,000 dots.
 */
export function withoutPageNumber(text: string): string {
  const page = /\d{1,4}$/.exec(text)
  if (!page) return text
  let end = page.index
  while (end > 0 && LEADER.test(text[end - 1]!)) end--
  return text.slice(0, end)
}

/** A heading's text without its marker and page number ("1. Overview ..... 3" → "overview"). */
function headingKey(line: string, marker: LineMarker): string {
  return withoutPageNumber(line.slice(marker.textOffset)).trim().toLowerCase()
}

/** Reads outline text; `hints` come from a reader that saw the layout (PDF). */
export function readOutlineText(text: string, context: ReaderContext, hints: OutlineHints = {}): ReaderResult {
  const lines = splitLines(text)
  // A hinted heading is a section line whose marker is empty (the heading shows none).
  const markerOf = (line: Line): LineMarker | null => {
    const marker = lineMarker(line.text)
    const type = hints.headings?.get(line.index)
    if (type === undefined || marker?.role === 'section' || marker?.role === 'bullet') return marker
    return { marker: marker?.marker ?? '', type, role: 'section', textOffset: marker?.textOffset ?? 0 }
  }
  const start = outlineStart(lines, markerOf)
  const header = readHeader(lines.slice(0, start), hints)
  const meta = blankMeta(header.series && /report/i.test(header.series) ? 'report' : 'brief')
  meta.title = header.title
  meta.series = header.series
  meta.number = header.number
  meta.authors = mergeAuthors(header.people)
  meta.publisher = header.publisher
  meta.date = chooseDate(header.dates, context.bag)

  const outline = new OutlineBuilder(text)
  for (const span of paragraphSpans(text, header.prose)) outline.paragraph(span.start, span.end)

  // Heading levels follow the order in which each marker style first appears.
  const levels = new Map<string, number>()
  let prose: Line[] = []
  let bullet: { start: number; end: number } | null = null
  const flushProse = (): void => {
    for (const span of paragraphSpans(text, prose)) outline.paragraph(span.start, span.end)
    prose = []
  }
  const flushBullet = (): void => {
    if (bullet) outline.bullet(bullet.start, bullet.end)
    bullet = null
  }
  const body = lines.slice(start)
  const markers = body.map((line) => (line.blank ? null : markerOf(line)))
  // Numbered lines packed together with no blank line between them are a list, not headings.
  const packedList = (i: number): boolean => {
    const type = markers[i]?.type
    return markers[i - 1]?.type === type || markers[i + 1]?.type === type
  }
  const contents = tableOfContents(body, markers)
  if (contents > 0) {
    context.bag.report('boilerplate-removed', `left out a table of contents (${contents} entries that repeat the headings below)`, body[0]!.start)
  }
  for (const [i, line] of body.entries()) {
    if (i < contents) continue
    if (line.blank) {
      flushBullet()
      prose.push(line)
      continue
    }
    const marker = markers[i]
    if (!marker) {
      if (bullet) bullet.end = line.end
      else prose.push(line)
      continue
    }
    flushBullet()
    flushProse()
    const bodyStart = line.contentStart + marker.textOffset
    const content = text.slice(bodyStart, line.end).trim()
    if (marker.role === 'bullet' || (marker.role === 'numbered' && (!isNumberedHeading(content) || packedList(i)))) {
      bullet = { start: bodyStart, end: line.end }
      continue
    }
    let level = levels.get(marker.type)
    if (level === undefined) {
      level = levels.size + 1
      levels.set(marker.type, level)
    }
    outline.section(content, marker.marker || null, level)
  }
  flushBullet()
  flushProse()
  return { meta, outline }
}

const STRONG_MARKERS = /^[\t ]*(?:[■□◆◇▶▷❍○◦●•※①②③④⑤ㅇ▪]|[Ⅰ-Ⅻ]\.?)\s/gmu
const WEAK_MARKERS = /^[\t ]*(?:\d{1,3}[.)]|\(\d{1,3}\)|[가나다라]\.|[-•*])\s/gmu

export const outlineTextReader: Reader = {
  format: 'outline-text',
  extensions: ['txt', 'text'],
  detect(text) {
    const sample = text.length > 50000 ? text.slice(0, 50000) : text
    const strong = sample.match(STRONG_MARKERS)?.length ?? 0
    const weak = sample.match(WEAK_MARKERS)?.length ?? 0
    if (strong === 0 && weak < 3) return 0
    return Math.min(0.9, strong * 0.1 + weak * 0.03 + (strong > 0 ? 0.2 : 0))
  },
  read: (text, context) => readOutlineText(text, context),
}
