import { extname } from 'node:path'
import { LineIndex } from '../diagnostics/collector.js'
import { loadYaml } from '../readers/lazy.js'
import { parseBibtex, scanBibtex, type BibChunk } from './bibtex.js'
import type { CslItem } from './csl.js'
import { normalizeItem } from './csl-input.js'

export interface BibliographyDiagnostic {
  rule: 'bibliography-file' | 'bibliography-entry'
  message: string
  line: number
  column: number
}

type Loaded = { items: CslItem[]; diagnostics: BibliographyDiagnostic[] }


const MAX_ENTRY_PROBLEMS = 100

/** Control characters other than tab, line feeds and form feed: text files have next to none. */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true
  const head = text.slice(0, 65536)
  const controls = head.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0
  return controls > head.length / 100
}

/** Adds items in file order; the first of two entries with one id wins. */
class Collector {
  readonly items: CslItem[] = []
  readonly diagnostics: BibliographyDiagnostic[] = []
  private readonly seen = new Set<string>()
  private entryProblems = 0

  constructor(private readonly at: (offset: number) => { line: number; column: number }) {}

  file(message: string, offset = 0): Loaded {
    this.diagnostics.push({ rule: 'bibliography-file', message, ...this.at(offset) })
    return this.result()
  }

  entry(message: string, offset: number): void {
    // A file of thousands of broken entries needs a few examples, not thousands of lines.
    this.entryProblems += 1
    if (this.entryProblems <= MAX_ENTRY_PROBLEMS) this.diagnostics.push({ rule: 'bibliography-entry', message, ...this.at(offset) })
  }

  add(raw: unknown, offset: number, label: string, from: 'csl' | 'bibtex' = 'csl'): void {
    const { item, problems } = normalizeItem(raw, from)
    const name = item ? `\`${item.id}\`` : label
    for (const problem of problems) this.entry(`${name} ${problem}`, offset)
    if (!item) return
    if (this.seen.has(item.id)) {
      this.entry(`a second entry with the id \`${item.id}\` is left out; the first one is used`, offset)
      return
    }
    this.seen.add(item.id)
    this.items.push(item)
  }

  result(): Loaded {
    this.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column)
    const more = this.entryProblems - MAX_ENTRY_PROBLEMS
    if (more > 0) {
      const last = this.diagnostics[this.diagnostics.length - 1]
      this.diagnostics.push({ rule: 'bibliography-entry', message: `${more} more entries have problems`, line: last?.line ?? 1, column: last?.column ?? 1 })
      this.entryProblems = MAX_ENTRY_PROBLEMS
    }
    return { items: this.items, diagnostics: this.diagnostics }
  }
}

/** Offsets of the elements of a JSON text's top-level array, found without parsing it again. */
function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = []
  let depth = 0
  let expecting = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]
    if (c === '"') {
      if (depth === 1 && expecting) offsets.push(i)
      expecting = false
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1
    } else if (c === '[' || c === '{') {
      if (depth === 1 && expecting) offsets.push(i)
      expecting = false
      depth += 1
      if (depth === 1) expecting = true
    } else if (c === ']' || c === '}') {
      depth -= 1
    } else if (c === ',' && depth === 1) {
      expecting = true
    } else if (depth === 1 && expecting && c !== undefined && !/\s/.test(c)) {
      offsets.push(i)
      expecting = false
    }
  }
  return offsets
}

function loadJson(text: string, c: Collector): Loaded {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const at = /at position (\d+)/.exec(message)
    return c.file(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, at ? Number(at[1]) : text.length)
  }
  if (!Array.isArray(data)) return c.file('a CSL-JSON file holds an array of items (`[{"id": …}, …]`)')
  const offsets = arrayElementOffsets(text)
  data.forEach((raw, i) => c.add(raw, offsets[i] ?? 0, `item ${i + 1}`))
  return c.result()
}

function loadCslYaml(text: string, c: Collector): Loaded {
  const YAML = loadYaml()
  const lineCounter = new YAML.LineCounter()
  const docs = YAML.parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false })
  const list = Array.isArray(docs) ? docs : [docs]
  // A pandoc CSL-YAML file may end its `---` block with another `---`: the first document with content counts.
  const doc = list.find((d) => d.contents !== null && d.contents !== undefined) ?? list[0]
  if (!doc) return c.result()
  const error = doc.errors[0]
  if (error) return c.file(`not valid YAML: ${error.message.split('\n')[0]}`, error.pos[0])
  let node: unknown = doc.contents
  if (YAML.isMap(node)) node = node.get('references', true)
  if (node === undefined || node === null) return c.file('no `references:` list')
  if (!YAML.isSeq(node)) return c.file('CSL-YAML holds a list of items, or a `references:` list')
  for (const [i, itemNode] of node.items.entries()) {
    const offset = YAML.isNode(itemNode) ? (itemNode.range?.[0] ?? 0) : 0
    let raw: unknown
    try {
      raw = YAML.isNode(itemNode) ? itemNode.toJS(doc, { maxAliasCount: 100 }) : itemNode
    } catch (err) {
      c.entry(`item ${i + 1} could not be read: ${err instanceof Error ? err.message : String(err)}`, offset)
      continue
    }
    c.add(raw, offset, `item ${i + 1}`)
  }
  return c.result()
}

const BATCH = 400

function loadBib(text: string, c: Collector): Loaded {
  const { chunks, problems } = scanBibtex(text)
  for (const p of problems) c.entry(p.message, p.offset)
  const slice = (chunk: BibChunk): string => text.slice(chunk.start, chunk.end)

  // `@string` macros must reach every entry; a broken one is reported and dropped, or every
  // entry after it would fail.
  let strings = chunks.filter((ch) => ch.kind === 'string')
  try {
    parseBibtex(strings.map(slice).join('\n'))
  } catch {
    strings = strings.filter((ch) => {
      try {
        parseBibtex(slice(ch))
        return true
      } catch (err) {
        c.entry(`this \`@string\` could not be read: ${firstLine(err)}`, ch.start)
        return false
      }
    })
  }
  const prefix = strings.map(slice).join('\n') + '\n'
  const prefixLines = prefix.split('\n').length - 1

  const seen = new Set<string>()
  const entries = chunks.filter((ch) => {
    if (ch.kind !== 'entry') return false
    if (seen.has(ch.key)) {
      c.entry(`a second entry with the key \`${ch.key}\` is left out; the first one is used`, ch.start)
      return false
    }
    seen.add(ch.key)
    return true
  })

  const byKey = new Map<string, BibChunk>()
  // Parsed in batches; a batch that fails is halved until the broken entries are alone.
  const parse = (batch: BibChunk[]): void => {
    if (batch.length === 0) return
    let items: unknown[]
    try {
      items = parseBibtex(prefix + batch.map(slice).join('\n'))
    } catch (err) {
      if (batch.length > 1) {
        const half = Math.ceil(batch.length / 2)
        parse(batch.slice(0, half))
        parse(batch.slice(half))
        return
      }
      const chunk = batch[0]!
      const m = /at line (\d+) col (\d+)/.exec(firstLine(err))
      const line = m ? Number(m[1]) - prefixLines : 0
      let offset = chunk.start
      if (m && line >= 1) {
        const before = slice(chunk).split('\n', line).slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0)
        offset = chunk.start + before + Number(m[2]) - 1
      }
      c.entry(`the entry \`${chunk.key}\` could not be read: ${firstLine(err).replace(/ at line \d+ col \d+:?$/, '')}`, offset)
      return
    }
    for (const raw of items) {
      const id = (raw as { id?: unknown }).id
      const chunk = typeof id === 'string' ? byKey.get(id) : undefined
      c.add(raw, chunk?.start ?? batch[0]!.start, `an entry`, 'bibtex')
    }
  }
  for (const ch of entries) byKey.set(ch.key, ch)
  for (let i = 0; i < entries.length; i += BATCH) parse(entries.slice(i, i + BATCH))
  return c.result()
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
}

/**
 * Reads a bibliography file: CSL-JSON (`.json`), CSL-YAML (`.yaml`, `.yml`) or BibTeX
 * (`.bib`). Entries that cannot be used are reported and left out; the rest are loaded.
 */
export function loadBibliography(path: string, text: string): { items: CslItem[]; diagnostics: BibliographyDiagnostic[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const lines = new LineIndex(body)
  const c = new Collector((offset) => lines.place(offset))
  if (looksBinary(body)) return c.file('the file is binary, not a bibliography')
  const ext = extname(path).toLowerCase()
  try {
    if (ext === '.json') return loadJson(body, c)
    if (ext === '.yaml' || ext === '.yml') return loadCslYaml(body, c)
    if (ext === '.bib' || ext === '.bibtex') return loadBib(body, c)
  } catch (err) {
    // Deeply nested input can exhaust a parser's stack; nothing else should get here.
    return c.file(`the file could not be read: ${firstLine(err)}`)
  }
  return c.file(`\`${ext || path}\` is not a bibliography format; use .json (CSL-JSON), .yaml (CSL-YAML) or .bib (BibTeX)`)
}
