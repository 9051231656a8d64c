import type { Root } from 'mdast'
import type { DiagnosticBag } from '../diagnostics/collector.js'
import type { Person, SourceKind, SourceMeta } from '../model/source.js'
import { DATE_STRENGTH, chooseDate, parseDate, type DateEvidence } from '../outline/dates.js'
import { mergeAuthors, person } from '../outline/names.js'
import { scanJson } from './json-scan.js'
import { blocksFromMdast, collapseSpace, outlineFromBlocks, type MdastOutlineOptions, type OutlineBlock } from './mdast-outline.js'
import { blankMeta, decodeEntities } from './meta.js'
import { loadLinkedom, loadReadability, loadRehypeParse, loadRehypeRemark, loadUnified } from './lazy.js'
import { publisherFromUrl } from './publishers.js'
import type { Reader, ReaderContext, ReaderResult } from './types.js'

/** Markup nested deeper than this is not handed to the DOM, Readability or rehype. */
export const MAX_HTML_DEPTH = 512

const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'keygen', 'command', 'basefont', 'bgsound', 'frame', 'isindex',
])
// Elements whose end tag may be left out: the parser closes them, so they do not nest.
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rb', 'rt', 'rp', 'rtc', 'thead', 'tbody', 'tfoot', 'colgroup'])
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'template', 'noscript', 'plaintext'])
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr',
  'html', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul',
])

interface Tag {
  /** Lower-case element name. */
  name: string
  closing: boolean
  selfClosing: boolean
  /** Offset of `<`. */
  start: number
  /** Offset just past `>`. */
  end: number
}

const TAG_NAME = /[a-zA-Z][a-zA-Z0-9:-]*/y

/**
 * Walks the tags of an HTML text in one linear pass, skipping comments,
 * doctypes and the content of raw-text elements (`<script>`, `<style>`).
 * `onText` gets the text between tags.
 */
function scanTags(html: string, onTag: (tag: Tag) => boolean | void, onText?: (start: number, end: number) => void): void {
  const n = html.length
  let lower: string | null = null
  let i = 0
  let textStart = 0
  while (i < n) {
    const lt = html.indexOf('<', i)
    if (lt === -1) break
    const next = html.charCodeAt(lt + 1)
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      if (onText && lt > textStart) onText(textStart, lt)
      const close = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2)
      i = close === -1 ? n : close + (html.startsWith('<!--', lt) ? 3 : 1)
      textStart = i
      continue
    }
    const closing = next === 0x2f /* / */
    TAG_NAME.lastIndex = lt + (closing ? 2 : 1)
    const m = TAG_NAME.exec(html)
    if (!m) {
      i = lt + 1
      continue
    }
    const gt = html.indexOf('>', TAG_NAME.lastIndex)
    const end = gt === -1 ? n : gt + 1
    if (onText && lt > textStart) onText(textStart, lt)
    const name = m[0].toLowerCase()
    const tag: Tag = { name, closing, selfClosing: !closing && gt > 0 && html.charCodeAt(gt - 1) === 0x2f, start: lt, end }
    if (onTag(tag) === false) return
    i = end
    if (!closing && RAW_TEXT.has(name) && !tag.selfClosing) {
      lower ??= html.toLowerCase()
      const stop = lower.indexOf(`</${name}`, end)
      i = stop === -1 ? n : stop
    }
    textStart = i
  }
  if (onText && textStart < n) onText(textStart, n)
}

/** How deep the elements of an HTML text nest, from a linear tag scan; `offset` is where the limit was first passed. */
export function htmlNestingDepth(html: string, limit = MAX_HTML_DEPTH): { depth: number; offset: number | null } {
  let depth = 0
  let max = 0
  let offset: number | null = null
  scanTags(html, (tag) => {
    if (VOID_ELEMENTS.has(tag.name) || OPTIONAL_END.has(tag.name) || tag.selfClosing) return
    if (tag.closing) {
      if (depth > 0) depth--
      return
    }
    depth++
    if (depth > max) max = depth
    if (depth > limit && offset === null) offset = tag.start
  })
  return { depth: max, offset }
}

/**
 * Plain blocks from HTML without a DOM: tags stripped in one linear pass,
 * a new block at every block-level tag, `<h1>`–`<h6>` as headings and `<li>`
 * as bullets; script and style content never becomes text. For markup too
 * deep for the DOM.
 */
export function htmlTextBlocks(html: string): OutlineBlock[] {
  const blocks: OutlineBlock[] = []
  let buffer: string[] = []
  let kind: 'paragraph' | 'bullet' | 'heading' = 'paragraph'
  let level = 1
  const flush = (): void => {
    const text = collapseSpace(decodeEntities(buffer.join('')))
    buffer = []
    if (!text) return
    if (kind === 'heading') blocks.push({ kind, text, level, marker: null })
    else blocks.push({ kind, text })
  }
  scanTags(
    html,
    (tag) => {
      if (tag.name === 'br') {
        buffer.push(' ')
        return
      }
      if (!BLOCK_ELEMENTS.has(tag.name)) {
        // Inline tags separate nothing; raw-text content (scripts) is skipped by the scanner.
        return
      }
      flush()
      if (tag.closing) kind = 'paragraph'
      else if (/^h[1-6]$/.test(tag.name)) {
        kind = 'heading'
        level = Number(tag.name[1])
      } else if (tag.name === 'li') kind = 'bullet'
      else kind = 'paragraph'
    },
    (start, end) => {
      buffer.push(html.slice(start, end))
    },
  )
  flush()
  return blocks
}

function makeProcessor() {
  return loadUnified().unified().use(loadRehypeParse(), { fragment: true }).use(loadRehypeRemark())
}
let fragmentProcessor: ReturnType<typeof makeProcessor> | null = null

/** HTML (a fragment or a whole page) → mdast, via rehype-parse and rehype-remark. Scripts and styles are dropped. */
export function htmlToMdast(html: string): Root {
  fragmentProcessor ??= makeProcessor()
  return fragmentProcessor.runSync(fragmentProcessor.parse(html)) as Root
}

export interface HtmlBlocks {
  blocks: OutlineBlock[]
  /** Set when the markup nested too deep and was read by the tag stripper instead. */
  deep: { depth: number; offset: number } | null
}

/**
 * Outline blocks from an HTML fragment: through rehype and mdast when the
 * markup is sane, through the linear tag stripper when it nests too deep
 * (or the tree conversion fails on it).
 */
export function htmlContentBlocks(html: string, options: MdastOutlineOptions = {}): HtmlBlocks {
  const depth = htmlNestingDepth(html)
  if (depth.offset !== null) return { blocks: dropTitle(htmlTextBlocks(html), options.title), deep: { depth: depth.depth, offset: depth.offset } }
  try {
    return { blocks: blocksFromMdast(htmlToMdast(html), options).blocks, deep: null }
  } catch (error) {
    // Never fail on content: whatever the tree conversion chokes on, the tag stripper reads.
    const deep = error instanceof RangeError ? { depth: depth.depth, offset: 0 } : null
    return { blocks: dropTitle(htmlTextBlocks(html), options.title), deep }
  }
}

function dropTitle(blocks: OutlineBlock[], title: string | null | undefined): OutlineBlock[] {
  if (!title) return blocks
  const key = collapseSpace(title).toLowerCase()
  const at = blocks.findIndex((b) => b.kind === 'heading' && b.text.toLowerCase() === key)
  return at === -1 ? blocks : [...blocks.slice(0, at), ...blocks.slice(at + 1)]
}

// ---------------------------------------------------------------------------
// Metadata

/** A BCP 47 tag's primary language (`ko-KR` → `ko`, `en_US` → `en`), or null. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_]|\s*$)/.exec(tag)
  return m ? m[1]!.toLowerCase() : null
}

function httpUrl(value: string | null | undefined): string | null {
  if (!value) return null
  const v = value.trim()
  try {
    const url = new URL(v)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function looksLikeUrl(text: string): boolean {
  return /^(?:https?:)?\/\/|^www\./i.test(text.trim())
}

const ARTICLE_KINDS: Record<string, SourceKind> = {
  article: 'news',
  newsarticle: 'news',
  reportagenewsarticle: 'news',
  analysisnewsarticle: 'news',
  backgroundnewsarticle: 'news',
  reviewnewsarticle: 'news',
  askpublicnewsarticle: 'news',
  opinionnewsarticle: 'op-ed',
  blogposting: 'post',
  socialmediaposting: 'post',
  liveblogposting: 'post',
  report: 'report',
  scholarlyarticle: 'report',
}
const PAGE_TYPES = new Set(['webpage', 'itempage', 'collectionpage', 'aboutpage', 'profilepage'])
const ORGANIZATION_TYPES = new Set(['organization', 'newsmediaorganization', 'corporation', 'website', 'researchorganization', 'educationalorganization', 'governmentorganization', 'ngo'])

type LdNode = Record<string, unknown>

function ldTypes(node: LdNode): string[] {
  const t = node['@type']
  const list = Array.isArray(t) ? t : [t]
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase().replace(/^.*[/#:]/, ''))
}

function isObject(value: unknown): value is LdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every typed object of a JSON-LD value, breadth first, depth- and count-capped (no recursion). */
function ldNodes(value: unknown): LdNode[] {
  const out: LdNode[] = []
  const queue: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }]
  for (let head = 0; head < queue.length && head < 5000; head++) {
    const { v, depth } = queue[head]!
    if (depth > 6) continue
    if (Array.isArray(v)) {
      for (const x of v.slice(0, 200)) queue.push({ v: x, depth: depth + 1 })
    } else if (isObject(v)) {
      if (v['@type'] !== undefined) out.push(v)
      for (const [key, x] of Object.entries(v)) {
        if (key === '@graph' || key === 'mainEntity' || key === 'mainEntityOfPage' || key === 'publisher' || key === 'isPartOf') {
          if (typeof x === 'object' && x !== null) queue.push({ v: x, depth: depth + 1 })
        }
      }
    }
  }
  return out
}

function ldString(value: unknown): string | null {
  if (typeof value === 'string') return collapseSpace(decodeEntities(value)) || null
  if (Array.isArray(value)) return ldString(value[0])
  if (isObject(value) && typeof value['@value'] === 'string') return ldString(value['@value'])
  return null
}

function ldName(value: unknown, byId: Map<string, LdNode>): string | null {
  if (typeof value === 'string') return looksLikeUrl(value) ? null : ldString(value)
  if (!isObject(value)) return null
  const node = typeof value['@id'] === 'string' && value['name'] === undefined ? (byId.get(value['@id']) ?? value) : value
  return ldString(node['name'])
}

function ldPeople(value: unknown, byId: Map<string, LdNode>): Person[] {
  const list = Array.isArray(value) ? value.slice(0, 50) : [value]
  const out: Person[] = []
  for (const item of list) {
    let node: unknown = item
    if (isObject(item) && typeof item['@id'] === 'string' && item['name'] === undefined) node = byId.get(item['@id']) ?? item
    if (isObject(node) && ldTypes(node).some((t) => ORGANIZATION_TYPES.has(t))) continue
    const name = ldName(node, byId)
    if (!name) continue
    const details: { affiliation?: string; role?: string; email?: string } = {}
    if (isObject(node)) {
      const aff = ldName(node['affiliation'] ?? node['worksFor'], byId)
      if (aff) details.affiliation = aff
      const role = ldString(node['jobTitle'])
      if (role) details.role = role
      const email = ldString(node['email'])
      if (email) details.email = email.replace(/^mailto:/i, '')
    }
    out.push(person(name, details))
  }
  return out
}

/** `Whitfield, Anne` → `Anne Whitfield`: citation metadata writes the family name first. */
function givenFirst(name: string): string {
  const parts = name.split(',').map((p) => p.trim())
  return parts.length === 2 && parts[0] && parts[1] ? `${parts[1]} ${parts[0]}` : name
}

/** Splits an author string that names several people ("A and B", "A, B") when every part is a full name. */
function splitAuthorNames(value: string): string[] {
  const text = collapseSpace(value.replace(/^by\s+/i, ''))
  if (!text || looksLikeUrl(text)) return []
  // Split, then trim: `\s*(?:…)\s*` tried at every space of a long run is quadratic.
  const parts = text.split(/;|,|&|\band\b/i).map((p) => p.trim()).filter(Boolean)
  if (parts.length > 1 && parts.every((p) => p.split(/\s+/).length >= 2)) return parts
  return [text]
}

function stripSiteSuffix(title: string, publisher: string | null): string {
  const t = collapseSpace(title)
  if (publisher) {
    const p = publisher.toLowerCase()
    for (const sep of [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ', ' ｜ ', '｜', ' / ']) {
      const at = t.lastIndexOf(sep)
      if (at > 0 && t.slice(at + sep.length).toLowerCase() === p) return t.slice(0, at)
      if (t.toLowerCase().startsWith(p + sep)) return t.slice(p.length + sep.length)
    }
  }
  const bar = t.lastIndexOf(' | ')
  if (bar > 0 && t.length - bar - 3 <= 40 && bar > t.length - bar) return t.slice(0, bar)
  return t
}

interface DomLike {
  querySelectorAll(selector: string): Iterable<ElementLike>
  querySelector(selector: string): ElementLike | null
  documentElement: ElementLike | null
  title?: string
  body: ElementLike | null
}

interface ElementLike {
  getAttribute(name: string): string | null
  textContent: string | null
  innerHTML: string
}

/** Finds the offset of the n-th occurrence of `needle` (case-insensitive) in `text`, or 0. */
function nthOffset(text: string, needle: string, n: number): number {
  const lower = text.toLowerCase()
  let at = -1
  for (let k = 0; k <= n; k++) {
    at = lower.indexOf(needle, at + 1)
    if (at === -1) return 0
  }
  return at
}

/** Reads a page's metadata from its `<head>`, JSON-LD and `<time>` elements. */
function pageMeta(document: DomLike, text: string, bag: DiagnosticBag): SourceMeta {
  const meta = blankMeta('webpage')
  const tags = new Map<string, string[]>()
  for (const el of document.querySelectorAll('meta')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv'))?.trim().toLowerCase()
    const content = el.getAttribute('content')
    if (!key || content === null || !content.trim()) continue
    const list = tags.get(key) ?? []
    list.push(collapseSpace(content))
    tags.set(key, list)
  }
  const first = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = tags.get(k)?.[0]
      if (v) return v
    }
    return null
  }

  // JSON-LD
  const ld: LdNode[] = []
  let scriptIndex = 0
  for (const el of document.querySelectorAll('script')) {
    const type = el.getAttribute('type')?.trim().toLowerCase()
    if (type !== 'application/ld+json') continue
    const at = nthOffset(text, 'application/ld+json', scriptIndex++)
    const body = el.textContent ?? ''
    if (!body.trim()) continue
    const scanned = scanJson(body.trim())
    if (scanned.problems.length > 0) {
      bag.report('malformed-json', `a JSON-LD block is not well-formed JSON (${scanned.problems[0]!.message}); its fields were recovered by a tolerant scanner`, at)
    }
    ld.push(...ldNodes(scanned.value))
  }
  const byId = new Map<string, LdNode>()
  for (const node of ld) if (typeof node['@id'] === 'string') byId.set(node['@id'], node)
  const article = ld.find((node) => ldTypes(node).some((t) => t in ARTICLE_KINDS))
  const page = ld.find((node) => ldTypes(node).some((t) => PAGE_TYPES.has(t)))
  const main = article ?? page
  const site = ld.find((node) => ldTypes(node).some((t) => ORGANIZATION_TYPES.has(t)))

  // Kind
  const ogType = first('og:type')?.toLowerCase() ?? null
  const articleKind = article ? ldTypes(article).map((t) => ARTICLE_KINDS[t]).find((k) => k !== undefined) : undefined
  if (articleKind) meta.kind = articleKind
  else if (ogType === 'article') meta.kind = 'news'

  // Publisher
  meta.publisher =
    (main ? ldName(main['publisher'], byId) : null) ??
    first('og:site_name', 'citation_publisher', 'dc.publisher', 'dcterms.publisher') ??
    (site ? ldName(site, byId) : null) ??
    first('application-name')

  // URL
  let canonical: string | null = null
  for (const el of document.querySelectorAll('link')) {
    const rel = el.getAttribute('rel')?.toLowerCase().split(/\s+/) ?? []
    if (rel.includes('canonical')) {
      canonical = httpUrl(el.getAttribute('href'))
      if (canonical) break
    }
  }
  const ldUrl = main ? (ldString(main['url']) ?? (isObject(main['mainEntityOfPage']) ? ldString(main['mainEntityOfPage']['@id']) : ldString(main['mainEntityOfPage']))) : null
  meta.url = canonical ?? httpUrl(first('og:url')) ?? httpUrl(ldUrl) ?? httpUrl(first('citation_abstract_html_url', 'citation_public_url'))
  meta.publisher ??= meta.url ? publisherFromUrl(meta.url) : null

  // Title
  const rawTitle =
    (main ? (ldString(main['headline']) ?? ldString(main['name'])) : null) ??
    first('citation_title', 'og:title', 'twitter:title', 'dc.title', 'dcterms.title') ??
    (collapseSpace(document.querySelector('title')?.textContent ?? '') || null)
  meta.title = rawTitle ? stripSiteSuffix(rawTitle, meta.publisher) || null : null

  // Authors
  let authors: Person[] = main ? ldPeople(main['author'] ?? main['creator'], byId) : []
  if (authors.length === 0) authors = (tags.get('citation_author') ?? []).map((name) => person(givenFirst(name)))
  if (authors.length === 0) {
    for (const key of ['author', 'dc.creator', 'dcterms.creator', 'article:author', 'parsely-author', 'sailthru.author', 'byl']) {
      for (const value of tags.get(key) ?? []) for (const name of splitAuthorNames(value)) authors.push(person(name))
      if (authors.length > 0) break
    }
  }
  const publisherKey = meta.publisher?.toLowerCase()
  meta.authors = mergeAuthors(authors.filter((a) => a.name.toLowerCase() !== publisherKey))

  // Dates: structured data first; `<time>` and `modified` only when nothing else says.
  const evidence: DateEvidence[] = []
  const addDate = (value: string | null, strength: number, label: string): void => {
    if (!value) return
    const date = parseDate(value)
    const at = text.indexOf(value)
    if (date) evidence.push({ date, strength, label, at: at === -1 ? 0 : at })
    else bag.report('invalid-date', `the ${label} \`${value.slice(0, 60)}\` is not a date`, at === -1 ? 0 : at)
  }
  if (main) addDate(ldString(main['datePublished']), DATE_STRENGTH.structured, 'JSON-LD datePublished')
  addDate(first('citation_publication_date', 'citation_date', 'citation_online_date'), DATE_STRENGTH.metaTag, 'citation date')
  addDate(first('article:published_time', 'og:published_time', 'pubdate', 'publishdate', 'publish-date', 'parsely-pub-date', 'sailthru.date', 'date', 'dc.date', 'dc.date.issued', 'dcterms.date', 'dcterms.issued'), DATE_STRENGTH.metaTag, '`<meta>` publication date')
  if (evidence.length === 0) {
    const time = document.querySelector('article time[datetime]') ?? document.querySelector('time[datetime]')
    const value = time?.getAttribute('datetime') ?? null
    if (value && parseDate(value)) addDate(value, DATE_STRENGTH.metaTag, '`<time>` element')
  }
  // A modified date loses to any publication date; a difference is reported at info level.
  if (main) addDate(ldString(main['dateModified']), DATE_STRENGTH.modified, 'JSON-LD dateModified')
  addDate(first('article:modified_time', 'og:updated_time'), DATE_STRENGTH.modified, 'modified time')
  meta.date = chooseDate(evidence, bag)

  // Language
  meta.language =
    primaryLanguage(document.documentElement?.getAttribute('lang')) ??
    primaryLanguage(document.documentElement?.getAttribute('xml:lang')) ??
    primaryLanguage(first('content-language', 'citation_language', 'dc.language', 'og:locale')) ??
    (main ? primaryLanguage(ldString(main['inLanguage'])) : null)

  return meta
}

/** Metadata for a page too deep for the DOM: title and language from bounded patterns only. */
function shallowMeta(text: string): SourceMeta {
  const meta = blankMeta('webpage')
  const head = text.slice(0, 65536)
  const title = /<title[^>]{0,200}>([^<]{1,500})<\/title/i.exec(head)
  if (title) meta.title = collapseSpace(decodeEntities(title[1]!)) || null
  const lang = /<html[^>]{0,500}?\blang\s{0,3}=\s{0,3}["']?([a-zA-Z_-]{2,20})/i.exec(head)
  meta.language = primaryLanguage(lang?.[1])
  return meta
}

function wrapDocument(text: string): string {
  if (/<html[\s>]/i.test(text)) return text
  if (/<(?:head|body)[\s>]/i.test(text)) return `<!DOCTYPE html><html>${text}</html>`
  return `<!DOCTYPE html><html><head></head><body>${text}</body></html>`
}

function parseDocument(text: string): DomLike {
  return (loadLinkedom().parseHTML(wrapDocument(text)) as unknown as { document: DomLike }).document
}

/** A page read without the DOM: bounded patterns for the metadata, the tag stripper for the text. */
function plainPage(text: string): ReaderResult {
  const meta = shallowMeta(text)
  const body = /<body[\s>]/i.exec(text)
  const blocks = dropTitle(htmlTextBlocks(body ? text.slice(body.index) : text), meta.title)
  return { meta, outline: outlineFromBlocks(blocks) }
}

function readHtml(text: string, { bag }: ReaderContext): ReaderResult {
  const depth = htmlNestingDepth(text)
  if (depth.offset !== null) {
    bag.report(
      'deep-nesting',
      `elements nest ${depth.depth} levels deep (more than ${MAX_HTML_DEPTH}); the page was read as plain text without its structure`,
      depth.offset,
    )
    return plainPage(text)
  }

  let document: DomLike
  let meta: SourceMeta
  try {
    document = parseDocument(text)
    meta = pageMeta(document, text, bag)
  } catch {
    // The DOM could not be built from this text; never fail on content.
    return plainPage(text)
  }
  const options: MdastOutlineOptions = { pseudoHeadings: true, title: meta.title }

  let blocks: OutlineBlock[] = []
  let byline: string | null = null
  let deep: HtmlBlocks['deep'] = null
  try {
    const Readability = loadReadability()
    const article = new Readability(document as never).parse()
    if (article?.content && (article.textContent ?? '').trim()) {
      const content = htmlContentBlocks(article.content, options)
      blocks = content.blocks
      deep = content.deep
      byline = article.byline ?? null
      meta.title ??= article.title ? collapseSpace(article.title) || null : null
    }
  } catch {
    // Readability failed on this document; the whole body is read below.
  }
  if (blocks.length === 0) {
    // No article found: read the whole body (scripts and styles are dropped on the way).
    let body = text
    try {
      body = parseDocument(text).body?.innerHTML ?? text
    } catch {
      // Keep the raw text; the conversion below copes with it.
    }
    const content = htmlContentBlocks(body, options)
    blocks = content.blocks
    deep ??= content.deep
  }
  if (deep) bag.report('deep-nesting', 'the page nests too deep for its structure to be read; it was read as plain text', 0)
  if (meta.authors.length === 0 && byline) {
    const names = splitAuthorNames(byline).filter((n) => n.length <= 80 && !/\d/.test(n))
    meta.authors = mergeAuthors(names.map((n) => person(n)))
  }
  if (meta.title === null) {
    const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1)
    if (h1) {
      meta.title = h1.text
      blocks = blocks.filter((b) => b !== h1)
    }
  }
  return { meta, outline: outlineFromBlocks(blocks) }
}

/** How much a text looks like an HTML page. */
function detectHtml(text: string): number {
  const head = text.slice(0, 4096).trimStart()
  if (head.startsWith('{') || head.startsWith('[')) return 0.05
  const lower = head.toLowerCase()
  if (lower.startsWith('<!doctype html')) return 0.95
  if (/^(?:<\?xml[^>]*>\s*)?<html[\s>]/.test(lower)) return 0.95
  if (/<html[\s>]/.test(lower)) return 0.85
  if (/<(?:head|body)[\s>]/.test(lower)) return 0.8
  const tags = lower.match(/<\/?(?:p|div|span|a|h[1-6]|ul|ol|li|table|br|img|section|article|strong|em|b|i)[\s>/]/g)?.length ?? 0
  if (tags >= 10) return 0.6
  if (tags >= 3) return 0.35
  return tags > 0 ? 0.1 : 0
}

export const htmlReader: Reader = {
  format: 'html',
  extensions: ['html', 'htm', 'xhtml'],
  detect: detectHtml,
  read: readHtml,
}
