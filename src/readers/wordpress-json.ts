import { LineIndex } from '../diagnostics/collector.js'
import type { Person } from '../model/source.js'
import { DATE_STRENGTH, chooseDate, parseDate, type DateEvidence } from '../outline/dates.js'
import { mergeAuthors, person } from '../outline/names.js'
import { htmlContentBlocks, primaryLanguage } from './html.js'
import { scanJson } from './json-scan.js'
import { collapseSpace, outlineFromBlocks } from './mdast-outline.js'
import { blankMeta, decodeEntities } from './meta.js'
import { publisherFromUrl } from './publishers.js'
import type { Reader, ReaderContext, ReaderResult } from './types.js'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A WordPress field that is either `{ rendered: "…" }` or a plain string. */
function rendered(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (isObject(value) && typeof value['rendered'] === 'string') return value['rendered']
  return null
}

/** Text of a short HTML string (a title, a name): tags dropped, entities decoded, spaces collapsed. */
function plain(html: string | null): string | null {
  if (html === null) return null
  return collapseSpace(decodeEntities(html.replace(/<[^<>]{0,500}>/g, ''))) || null
}

function isPost(value: unknown): value is Json {
  if (!isObject(value)) return false
  return rendered(value['content']) !== null || rendered(value['title']) !== null || rendered(value['excerpt']) !== null
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null
  try {
    const url = new URL(value.trim())
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0
}

const TRAILING_CLOSERS = /(?:\s*<\/[a-zA-Z][a-zA-Z0-9]*\s*>)+\s*$/
const VOID = new Set(['br', 'img', 'hr', 'wbr', 'input', 'source', 'meta', 'link', 'area', 'col', 'embed', 'track', 'param'])

/** Drops closing tags that have no opener before them in the same chunk. */
function dropStrayClosers(chunk: string): string {
  const open = new Map<string, number>()
  return chunk.replace(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,2000}?(\/?)>/g, (tag, slash: string, rawName: string, selfClose: string) => {
    const name = rawName.toLowerCase()
    if (VOID.has(name) || selfClose) return tag
    if (!slash) {
      open.set(name, (open.get(name) ?? 0) + 1)
      return tag
    }
    const n = open.get(name) ?? 0
    if (n === 0) return ''
    open.set(name, n - 1)
    return tag
  })
}

/**
 * Repairs post HTML whose opening tags were lost by a scraper while the closing
 * tags remain (`Text one.</span></p>\n HEADING</b></p>`): when `</p>` clearly
 * outnumbers `<p`, each chunk before a `</p>` becomes its own paragraph, stray
 * closers are dropped, and a short chunk that ended in `</b>` or `</strong>`
 * becomes a bold paragraph (which the outline reads as a heading).
 */
export function repairLostOpeningTags(html: string): string {
  const closers = count(html, /<\/p\s*>/gi)
  const openers = count(html, /<p[\s>]/gi)
  if (closers < 2 || closers - openers < Math.max(2, closers / 3)) return html
  const out: string[] = []
  for (const raw of html.split(/<\/p\s*>/i)) {
    let chunk = raw.replace(/^\s*<p(?:\s[^<>]{0,2000})?>/i, '')
    const trailing = TRAILING_CLOSERS.exec(chunk.slice(-400))?.[0] ?? ''
    const bold = /<\/(?:b|strong)\s*>/i.test(trailing)
    chunk = dropStrayClosers(chunk).trim()
    const text = plain(chunk)
    if (!text) continue
    out.push(bold && text.length <= 120 && !/<(?:b|strong)[\s>]/i.test(chunk) ? `<p><b>${chunk}</b></p>` : `<p>${chunk}</p>`)
  }
  return out.join('\n')
}

function authorsOf(post: Json): Person[] {
  const people: Person[] = []
  const embedded = post['_embedded']
  if (isObject(embedded) && Array.isArray(embedded['author'])) {
    for (const a of embedded['author'].slice(0, 50)) {
      if (!isObject(a)) continue
      const name = typeof a['name'] === 'string' ? plain(a['name']) : null
      if (name) people.push(person(name))
    }
  }
  const yoast = post['yoast_head_json']
  if (isObject(yoast)) {
    const name = typeof yoast['author'] === 'string' ? plain(yoast['author']) : null
    if (name) people.push(person(name))
    const misc = yoast['twitter_misc']
    if (isObject(misc) && typeof misc['Written by'] === 'string') {
      const written = plain(misc['Written by'])
      if (written) people.push(person(written))
    }
  }
  if (typeof post['author_name'] === 'string') {
    const name = plain(post['author_name'])
    if (name) people.push(person(name))
  }
  return mergeAuthors(people)
}

function readWordpress(text: string, { bag }: ReaderContext): ReaderResult {
  const meta = blankMeta('post')
  const scanned = scanJson(text)
  if (scanned.problems.length > 0) {
    // Offsets are into the raw file; give places, so they stay right whatever text the bag is set to.
    const lines = new LineIndex(text)
    const all = scanned.problems.length + scanned.moreProblems
    const malformed = scanned.problems.find((p) => p.kind === 'malformed')
    const truncated = scanned.problems.find((p) => p.kind === 'truncated')
    const deep = scanned.problems.find((p) => p.kind === 'too-deep')
    if (malformed) {
      bag.report('malformed-json', `the JSON is not well formed (${malformed.message}${all > 1 ? `; ${all} problems in all` : ''}); fields were recovered by a tolerant scanner`, lines.place(malformed.offset))
    }
    if (truncated) bag.report('truncated-input', `the JSON is truncated: ${truncated.message}; everything before the cut was read`, lines.place(truncated.offset))
    if (deep) bag.report('deep-nesting', deep.message, lines.place(deep.offset))
  }

  let post: Json | null = null
  const value = scanned.value
  if (Array.isArray(value)) {
    const posts = value.slice(0, 1000).filter(isPost)
    post = posts[0] ?? null
    if (post && value.length > 1) {
      const title = plain(rendered(post['title']))
      bag.report('unsupported-json', `the file holds ${value.length} posts; only the first${title ? ` (“${title}”)` : ''} was read; save each post in its own file`, 0, 'info')
    }
  } else if (isPost(value)) post = value
  if (post === null) {
    bag.report('unsupported-json', 'the JSON holds no WordPress post (no `title`, `content` or `excerpt` field); export the post from the WordPress REST API (`/wp-json/wp/v2/posts/ID`)', { line: 1, column: 1 })
    return { meta, outline: outlineFromBlocks([]) }
  }

  meta.title = plain(rendered(post['title']))
  meta.url = httpUrl(post['link'])

  const evidence: DateEvidence[] = []
  const addDate = (field: string, strength: number, label: string): void => {
    const raw = post[field]
    if (typeof raw !== 'string' || !raw.trim()) return
    const at = Math.max(0, text.indexOf(`"${field}"`))
    const date = parseDate(raw)
    if (date) evidence.push({ date, strength, label, at })
    else bag.report('invalid-date', `the post's \`${field}\` \`${raw.slice(0, 40)}\` is not a date`, at)
  }
  addDate('date', DATE_STRENGTH.structured, 'post date')
  if (evidence.length === 0) addDate('date_gmt', DATE_STRENGTH.structured, 'post date (GMT)')
  // `modified` says when the post was edited, not published: it loses to the post date,
  // and a difference is reported (at info level) rather than hidden.
  addDate('modified', DATE_STRENGTH.modified, 'modified date')
  meta.date = chooseDate(evidence, bag)

  meta.authors = authorsOf(post)
  const yoast = isObject(post['yoast_head_json']) ? post['yoast_head_json'] : null
  const siteName = yoast && typeof yoast['og_site_name'] === 'string' ? plain(yoast['og_site_name']) : null
  meta.publisher = siteName ?? (meta.url ? publisherFromUrl(meta.url) : null) ?? publisherFromUrl(rendered(post['guid']) ?? '')
  meta.language = primaryLanguage(typeof post['lang'] === 'string' ? post['lang'] : null) ??
    primaryLanguage(yoast && typeof yoast['og_locale'] === 'string' ? yoast['og_locale'] : null)
  if (!meta.url && yoast) meta.url = httpUrl(yoast['canonical']) ?? httpUrl(yoast['og_url'])

  let html = rendered(post['content']) ?? ''
  if (!plain(html)) html = rendered(post['excerpt']) ?? ''
  const content = htmlContentBlocks(repairLostOpeningTags(html), { pseudoHeadings: true, title: meta.title })
  if (content.deep) {
    bag.report('deep-nesting', `the post's HTML nests ${content.deep.depth} levels deep; it was read as plain text without its structure`, Math.max(0, text.indexOf('"content"')))
  }
  return { meta, outline: outlineFromBlocks(content.blocks) }
}

function detectWordpress(text: string): number {
  const head = text.slice(0, 20000).trimStart()
  if (!head.startsWith('{') && !head.startsWith('[')) return 0
  if (/"content"\s*:\s*\{\s*"rendered"/.test(head) || /"title"\s*:\s*\{\s*"rendered"/.test(head)) return 0.97
  if (/"(?:excerpt|guid|slug|date_gmt|_embedded)"\s*:/.test(head)) return 0.7
  // Some other JSON: still this reader's to reject with a clear message.
  return 0.3
}

export const wordpressJsonReader: Reader = {
  format: 'wordpress-json',
  extensions: ['json'],
  detect: detectWordpress,
  read: readWordpress,
}
