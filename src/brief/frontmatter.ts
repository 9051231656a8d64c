import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml'
import { LineIndex, type DiagnosticBag, type Place } from '../diagnostics/collector.js'
import { closest } from '../diagnostics/suggest.js'
import type { BriefAuthor, BriefMeta, BriefMetaPlaces } from '../model/brief.js'
import { loadYaml } from '../readers/lazy.js'

/** A brief's metadata when the frontmatter gives none. */
export function blankBriefMeta(): BriefMeta {
  return {
    title: null,
    subtitle: null,
    date: null,
    authors: [],
    series: null,
    number: null,
    template: null,
    citationStyle: null,
    lang: null,
    abstract: null,
    bibliography: [],
    keywords: [],
  }
}

const KEYS = ['title', 'subtitle', 'date', 'authors', 'series', 'number', 'template', 'citation-style', 'lang', 'abstract', 'bibliography', 'keywords'] as const
type Key = (typeof KEYS)[number]
/** Pandoc's names for the same things, so a pandoc brief reads as it is. */
const ALIASES: ReadonlyMap<string, Key> = new Map([['author', 'authors'], ['csl', 'citation-style']])
/** Pandoc settings that mean nothing here but are not mistakes either. */
const PANDOC_SETTINGS = new Set([
  'link-citations', 'link-bibliography', 'reference-section-title', 'suppress-bibliography', 'nocite',
  'notes-after-punctuation', 'citation-abbreviations', 'lang-direction', 'dir', 'toc', 'toc-title', 'toc-depth',
  'numbersections', 'number-sections', 'documentclass', 'classoption', 'geometry', 'papersize', 'fontsize',
  'mainfont', 'sansfont', 'monofont', 'CJKmainfont', 'fontfamily', 'linestretch', 'indent', 'header-includes',
  'include-before', 'include-after', 'subject', 'description', 'pagetitle', 'title-prefix',
  'author-meta', 'date-meta', 'colorlinks', 'linkcolor', 'urlcolor', 'citecolor', 'thanks', 'institute',
])
const AUTHOR_KEYS = ['name', 'affiliation', 'role', 'email'] as const
// Enough for any real frontmatter; a billion-laughs document passes it within a few aliases.
const MAX_ALIASES = 100
// Metadata, not content: the YAML parser takes seconds and hundreds of MB on megabytes.
const MAX_FRONTMATTER = 256 * 1024

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/
const EMAIL = /^[^\s@]+@[^\s@]+$/

/** Reads one frontmatter; problems go to the bag, placed in the brief's file. */
class FrontmatterReader {
  readonly meta = blankBriefMeta()
  readonly places: BriefMetaPlaces = { bibliography: [] }
  readonly #yaml = loadYaml()
  readonly #doc: Document
  readonly #lines: LineIndex
  readonly #firstLine: number
  readonly #bag: DiagnosticBag

  constructor(doc: Document, yamlText: string, firstLine: number, bag: DiagnosticBag) {
    this.#doc = doc
    this.#lines = new LineIndex(yamlText)
    this.#firstLine = firstLine
    this.#bag = bag
  }

  placeOf(offset: number): Place {
    const { line, column } = this.#lines.place(offset)
    return { line: this.#firstLine + line - 1, column }
  }

  /** Reports at `at`, a value as written: an alias is reported where it is used, not at its anchor. */
  #error(at: unknown, message: string, severity?: 'warning'): void {
    const offset = this.#yaml.isNode(at) ? (at.range?.[0] ?? 0) : 0
    this.#bag.report('brief-frontmatter', message, this.placeOf(offset), severity)
  }

  /** Where a value was written (an alias where it is used). */
  #placeOfValue(value: unknown): Place {
    return this.placeOf(this.#yaml.isNode(value) ? (value.range?.[0] ?? 0) : 0)
  }

  /** The node an alias stands for. */
  #resolve(node: unknown): YamlNode | null {
    const { isAlias, isNode } = this.#yaml
    if (isAlias(node)) return (node.resolve(this.#doc) as YamlNode | undefined) ?? null
    return isNode(node) ? node : null
  }

  /** What kind of value a node is, for messages. */
  #kind(node: YamlNode | null): string {
    const { isMap, isScalar, isSeq } = this.#yaml
    if (isMap(node)) return 'a mapping'
    if (isSeq(node)) return 'a list'
    if (isScalar(node)) {
      const v = node.value
      return typeof v === 'boolean' ? `\`${String(v)}\`` : typeof v === 'number' ? 'a number' : v === null ? 'empty' : 'text'
    }
    return 'empty'
  }

  /** A scalar as text (numbers as written: `number: 013` is "013"); null when empty. */
  #text(value: unknown, key: string, what = 'text'): string | null | undefined {
    const node = this.#resolve(value)
    const { isScalar } = this.#yaml
    if (node === null || (isScalar(node) && node.value === null)) return null
    if (isScalar(node)) {
      const v = node.value
      if (typeof v === 'string') return v.trim() || null
      if (typeof v === 'number' || typeof v === 'bigint') return node.source ?? String(v)
    }
    this.#error(value, `\`${key}\` must be ${what}, not ${this.#kind(node)}`)
    return undefined
  }

  /** A one-line text: runs of whitespace (a folded title) become one space. Undefined: reported. */
  #line(value: unknown, key: string): string | null | undefined {
    const text = this.#text(value, key)
    return text ? text.replace(/\s+/g, ' ') : text
  }

  read(key: Key, value: unknown): void {
    const meta = this.meta
    switch (key) {
      case 'title':
        meta.title = this.#line(value, key) ?? null
        break
      case 'subtitle':
        meta.subtitle = this.#line(value, key) ?? null
        break
      case 'series':
        meta.series = this.#line(value, key) ?? null
        break
      case 'number':
        meta.number = this.#line(value, key) ?? null
        break
      case 'template':
        meta.template = this.#line(value, key) ?? null
        this.places.template = this.#placeOfValue(value)
        break
      case 'citation-style':
        meta.citationStyle = this.#line(value, key) ?? null
        this.places.citationStyle = this.#placeOfValue(value)
        break
      case 'abstract':
        meta.abstract = this.#text(value, key) ?? null
        break
      case 'lang':
        meta.lang = this.#lang(value)
        break
      case 'date':
        meta.date = this.#date(value)
        break
      case 'authors':
        meta.authors = this.#authors(value)
        break
      case 'bibliography':
        meta.bibliography = this.#bibliography(value)
        break
      case 'keywords':
        meta.keywords = this.#keywords(value)
        break
    }
  }

  #lang(value: unknown): string | null {
    const text = this.#text(value, 'lang', 'a language tag such as `en-US`')
    if (!text) return null
    if (LANGUAGE_TAG.test(text)) return text
    this.#error(value, `\`lang: ${text}\` is not a language tag; write one such as \`en-US\`, \`ko-KR\` or \`ja-JP\``)
    return null
  }

  #date(value: unknown): string | null {
    const node = this.#resolve(value)
    const { isScalar } = this.#yaml
    // The YAML 1.1 timestamp tag (`!!timestamp`) gives a Date.
    if (isScalar(node) && node.value instanceof Date) {
      // The date as written: a time zone must not move `2026-11-23T08:00+09:00` to the 22nd.
      const written = /^\d{4}-\d{2}-\d{2}/.exec(node.source ?? '')
      if (written) return written[0]
      if (!Number.isNaN(node.value.getTime())) return node.value.toISOString().slice(0, 10)
    }
    const text = this.#text(value, 'date', 'a date (YYYY-MM-DD, YYYY-MM or YYYY)')
    if (text === null || text === undefined) return null
    const m = DATE.exec(text)
    if (m && validDate(Number(m[1]), m[2] === undefined ? null : Number(m[2]), m[3] === undefined ? null : Number(m[3]))) return text
    const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text
    this.#error(value, `\`date: ${shown}\` is not a date; write YYYY-MM-DD (or YYYY-MM, YYYY), e.g. \`2026-11-23\``)
    return null
  }

  #authors(value: unknown): BriefAuthor[] {
    const node = this.#resolve(value)
    const { isMap, isScalar, isSeq } = this.#yaml
    if (node === null || (isScalar(node) && node.value === null)) return []
    const items = isSeq(node) ? node.items : [node]
    if (!isSeq(node) && !isMap(node) && !(isScalar(node) && typeof node.value === 'string')) {
      this.#error(value, `\`authors\` must be a name, a list of names, or a list of \`{ name, affiliation, role, email }\`, not ${this.#kind(node)}`)
      return []
    }
    const authors: BriefAuthor[] = []
    for (const item of items) {
      const author = this.#author(item)
      if (author) authors.push(author)
    }
    return authors
  }

  #author(value: unknown): BriefAuthor | null {
    const node = this.#resolve(value)
    const { isMap, isScalar } = this.#yaml
    if (isScalar(node) && typeof node.value === 'string') {
      const name = node.value.replace(/\s+/g, ' ').trim()
      if (name) return { name, affiliation: null, role: null, email: null }
      this.#error(value, 'an author\'s name is empty')
      return null
    }
    if (!isMap(node)) {
      this.#error(value, `an author must be a name or \`{ name, affiliation, role, email }\`, not ${this.#kind(node)}`)
      return null
    }
    const fields = new Map<string, Pair<unknown, unknown>>()
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null
      if (key !== null && (AUTHOR_KEYS as readonly string[]).includes(key)) fields.set(key, pair)
      else this.#unknownKey(pair, 'author key', AUTHOR_KEYS)
    }
    const nameField = fields.get('name')
    if (!nameField) {
      this.#error(value, 'an author needs a `name`')
      return null
    }
    const name = this.#line(nameField.value, 'name')
    if (name === null) this.#error(this.#yaml.isNode(nameField.value) ? nameField.value : nameField.key, 'an author\'s `name` is empty')
    if (!name) return null
    const author: BriefAuthor = { name, affiliation: null, role: null, email: null }
    const affiliation = fields.get('affiliation')
    if (affiliation) author.affiliation = this.#line(affiliation.value, 'affiliation') ?? null
    const role = fields.get('role')
    if (role) author.role = this.#line(role.value, 'role') ?? null
    const email = fields.get('email')
    if (email) {
      const text = this.#line(email.value, 'email')
      if (text && !EMAIL.test(text)) this.#error(email.value, `\`email: ${text.slice(0, 60)}\` is not an e-mail address`)
      else author.email = text ?? null
    }
    return author
  }

  #bibliography(value: unknown): string[] {
    const node = this.#resolve(value)
    const { isSeq } = this.#yaml
    const items = isSeq(node) ? node.items : [value]
    const paths: string[] = []
    for (const item of items) {
      const path = this.#text(item, 'bibliography', 'a file path or a list of file paths')
      if (!path) continue
      paths.push(path)
      this.places.bibliography.push(this.#placeOfValue(item))
    }
    return paths
  }

  /** A list of keywords, or one text of them separated by commas (or 、 ，). */
  #keywords(value: unknown): string[] {
    const node = this.#resolve(value)
    const { isSeq } = this.#yaml
    if (isSeq(node)) return node.items.map((item) => this.#line(item, 'keywords')).filter((k): k is string => Boolean(k))
    // Split, then trim: `\s*[,，、]\s*` tried at every space of a long run is quadratic.
    return (this.#line(value, 'keywords') ?? '').split(/[,，、]/).map((k) => k.trim()).filter(Boolean)
  }

  #unknownKey(pair: Pair<unknown, unknown>, what: string, known: readonly string[]): void {
    const { isScalar } = this.#yaml
    const keyNode = this.#resolve(pair.key)
    const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode ?? '')
    const guess = closest(name, known)
    const hint = guess ? ` (did you mean \`${guess}\`?)` : ''
    this.#error(keyNode, `unknown ${what} \`${name.slice(0, 40)}\`${hint}; known keys are ${known.map((k) => `\`${k}\``).join(', ')}`, 'warning')
  }

  readMap(map: YAMLMap<unknown, unknown>): void {
    const { isScalar } = this.#yaml
    const given = new Map<Key, Pair<unknown, unknown>>()
    const aliased: Array<{ alias: string; key: Key; pair: Pair<unknown, unknown> }> = []
    for (const pair of map.items) {
      const keyNode = this.#resolve(pair.key)
      const name = isScalar(keyNode) ? String(keyNode.value) : null
      const alias = name === null ? undefined : ALIASES.get(name)
      if (name !== null && (KEYS as readonly string[]).includes(name)) given.set(name as Key, pair)
      else if (name !== null && alias !== undefined) aliased.push({ alias: name, key: alias, pair })
      else if (name === 'references') this.#error(keyNode, 'inline `references` are not read; put them in a CSL-JSON, CSL-YAML or BibTeX file and name it in `bibliography`', 'warning')
      else if (name === null || !PANDOC_SETTINGS.has(name)) this.#unknownKey(pair, 'frontmatter key', [...KEYS])
    }
    for (const { alias, key, pair } of aliased) {
      if (given.has(key)) this.#error(pair.key, `\`${alias}\` and \`${key}\` are both given; \`${key}\` is used`, 'warning')
      else given.set(key, pair)
    }
    for (const [key, pair] of given) this.read(key, pair.value)
  }
}

function validDate(year: number, month: number | null, day: number | null): boolean {
  if (month === null) return year > 0
  if (month < 1 || month > 12) return false
  if (day === null) return true
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day >= 1 && day <= days
}

function firstLineOf(message: string): string {
  // `(?<!\s)`: tried only where a run of spaces starts, not at each of its spaces (quadratic).
  return (message.split('\n')[0] ?? message).replace(/(?<!\s)\s+at line \d+, column \d+:?$/, '').trim()
}

/**
 * Validates a brief's YAML frontmatter. `firstLine` is the file line the YAML starts
 * on (the line after the opening `---`), so every problem is placed in the brief.
 */
export function readFrontmatter(yamlText: string, firstLine: number, bag: DiagnosticBag, places?: BriefMetaPlaces): BriefMeta {
  const yaml = loadYaml()
  const top: Place = { line: firstLine, column: 1 }
  if (yamlText.length > MAX_FRONTMATTER) {
    bag.report('brief-frontmatter', `the frontmatter is ${Math.round(yamlText.length / 1024)} KB, more than metadata needs (at most ${MAX_FRONTMATTER / 1024} KB); move long text into the body`, top)
    return blankBriefMeta()
  }
  let doc: Document
  try {
    doc = yaml.parseDocument(yamlText, { prettyErrors: false })
  } catch (error) {
    bag.report('brief-frontmatter', `the frontmatter could not be read: ${firstLineOf((error as Error).message)}`, top)
    return blankBriefMeta()
  }
  const reader = new FrontmatterReader(doc, yamlText, firstLine, bag)
  const syntax = doc.errors[0]
  if (syntax) {
    bag.report('brief-frontmatter', `the frontmatter is not valid YAML: ${firstLineOf(syntax.message)}`, reader.placeOf(syntax.pos[0]))
    return reader.meta
  }
  try {
    // Only to refuse alias bombs: expanding them is what costs, and this stops early.
    doc.toJS({ maxAliasCount: MAX_ALIASES })
  } catch (error) {
    const why = error instanceof ReferenceError ? 'it uses YAML aliases (`*name`) too much; write the values out' : firstLineOf((error as Error).message)
    bag.report('brief-frontmatter', `the frontmatter could not be read: ${why}`, top)
    return reader.meta
  }
  const contents = doc.contents
  if (contents === null || (yaml.isScalar(contents) && contents.value === null)) return reader.meta
  if (!yaml.isMap(contents)) {
    bag.report('brief-frontmatter', 'the frontmatter must be `key: value` lines, e.g. `title: …`', reader.placeOf(contents.range?.[0] ?? 0))
    return reader.meta
  }
  reader.readMap(contents)
  if (places) Object.assign(places, reader.places)
  return reader.meta
}
