import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node as YamlNode, YAMLMap } from 'yaml'
import { closest } from '../diagnostics/suggest.js'
import { checkPath, refusalMessage } from '../library/boundary.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { loadYaml } from '../readers/lazy.js'

/** The title block and page plan a template builds on. */
export type PdfLayout = 'sejong' | 'memo' | 'report'
export type PageSize = 'A4' | 'Letter' | 'A5' | 'Legal'

/** How a template's PDF looks: `template.yaml`'s page, font, colour and marker settings. */
export interface PdfSettings {
  layout: PdfLayout
  page: {
    size: PageSize
    /** Points, in pdfmake's order: left, top, right, bottom. */
    margins: [number, number, number, number]
  }
  fonts: {
    /** Body text size in points. */
    size: number
    /** Line height as a multiple of the font's own. */
    lineHeight: number
  }
  /** `#rrggbb` colours. */
  colors: { text: string; headings: string; links: string; rules: string; accent: string }
  /**
   * The marker before a heading of each level (2 = section): a glyph such as `■`, or a
   * numbering pattern: `1.`, `1)`, `1.1` (the section's number, then the subsection's),
   * `A.`, `a)`, `I.`, `i.`, `가.`, `①`. No entry: no marker.
   */
  headingMarkers: Partial<Record<number, string>>
  /** Glyphs of unordered list items, one per nesting level (the last repeats). */
  bullets: string[]
  /** Where notes go: after the text, or at the foot of the page that marks them. */
  notes: 'endnotes' | 'footnotes'
  /**
   * Text at the top and the foot of every page; `{title}`, `{series}`, `{number}`,
   * `{date}`, `{author}`, `{page}` and `{pages}` are filled in. null: the writer's default
   * (no header; "Page n of N" in the brief's language); '' turns it off.
   */
  header: string | null
  footer: string | null
  /** The memo's "To" line. */
  to: string | null
  /** What the title block shows, of TITLE_BLOCK_FIELDS. */
  titleBlock: TitleBlockField[]
  /** An image on the first page (top right; on a report's cover, above the series): a PNG or JPEG in the template's folder. */
  logo: { file: string; width: number } | null
}

/** The parts of a title block a template can show or leave out. */
export const TITLE_BLOCK_FIELDS = ['series', 'date', 'title', 'subtitle', 'authors', 'emails', 'abstract'] as const
export type TitleBlockField = (typeof TITLE_BLOCK_FIELDS)[number]

/** A house style: how a brief looks and cites. */
export interface Template {
  name: string
  /** The folder holding template.yaml and scaffold.md. */
  dir: string
  builtIn: boolean
  description: string
  /** A built-in style name (`chicago-note`, `apa`) or a path to a `.csl` file in the template's folder. */
  citationStyle: string
  lang: string | null
  /** Whether the built brief ends with the "Claims used" appendix. */
  claimsAppendix: boolean
  /** The text `brief new` starts a brief from. */
  scaffold: string
  /** How the PDF looks. */
  pdf: PdfSettings
}

/** The PDF settings of a template that gives none. */
export function defaultPdfSettings(): PdfSettings {
  return {
    layout: 'sejong',
    page: { size: 'A4', margins: [mm(20), mm(20), mm(20), mm(22)] },
    fonts: { size: 10, lineHeight: 1.25 },
    colors: { text: '#1a1a1a', headings: '#1a1a1a', links: '#1a4f8b', rules: '#8c8c8c', accent: '#1a4f8b' },
    headingMarkers: {},
    bullets: ['•', '–', '·'],
    notes: 'endnotes',
    header: null,
    footer: null,
    to: null,
    titleBlock: [...TITLE_BLOCK_FIELDS],
    logo: null,
  }
}

export const DEFAULT_TEMPLATE = 'sejong'

// The package's own templates/: two folders up from src/templates/ and from dist/templates/.
const BUILT_IN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates')

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/

const FIELDS: Record<string, 'string' | 'boolean'> = {
  description: 'string',
  'citation-style': 'string',
  lang: 'string',
  'claims-appendix': 'boolean',
}
// Settings of the PDF writer, read by readPdfSettings.
const PDF_FIELDS = ['layout', 'page', 'fonts', 'colors', 'heading-markers', 'bullets', 'notes', 'header', 'footer', 'to', 'title-block', 'logo'] as const
// A logo is a mark, not a photograph.
const LOGO_MAX_BYTES = 2 * 1024 * 1024
const LAYOUTS: readonly PdfLayout[] = ['sejong', 'memo', 'report']
const PAGE_SIZES: readonly PageSize[] = ['A4', 'Letter', 'A5', 'Legal']
const COLOR_KEYS = ['text', 'headings', 'links', 'rules', 'accent'] as const
const COLOR = /^#(?:[0-9a-fA-F]{3}){1,2}$/
const LENGTH = /^(\d{1,4}(?:\.\d{1,4})?)\s?(pt|mm|cm|in)?$/
// A heading marker: counters (1, a, A, i, I, 가, ①) between short runs of other characters.
const MARKER_MAX = 12

function mm(value: number): number {
  return Math.round((value * 72) / 25.4 * 100) / 100
}

/** `20mm`, `0.75in`, `36` (points) → points; null when it is not a length. */
function length(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value <= 400 ? value : null
  if (typeof value !== 'string') return null
  const m = LENGTH.exec(value.trim())
  if (!m) return null
  const n = Number(m[1])
  const points = m[2] === 'mm' ? mm(n) : m[2] === 'cm' ? mm(n * 10) : m[2] === 'in' ? n * 72 : n
  return points <= 400 ? points : null
}

/**
 * Where a template named `name` lives: the workspace's templates/ first, then the built-ins.
 * `refused` says why a workspace template is not read: its folder or a file of it is a
 * symbolic link leading out of the workspace.
 */
function templateDir(name: string, workspaceRoot: string | null): { dir: string; builtIn: boolean; refused: string | null } | null {
  if (workspaceRoot) {
    const own = join(workspaceRoot, 'templates', name)
    if (existsSync(join(own, 'template.yaml'))) {
      const builtIn = resolve(own) === join(BUILT_IN_DIR, name)
      return { dir: own, builtIn, refused: builtIn ? null : templateRefusal(workspaceRoot, name) }
    }
  }
  const builtIn = join(BUILT_IN_DIR, name)
  return existsSync(join(builtIn, 'template.yaml')) ? { dir: builtIn, builtIn: true, refused: null } : null
}

/** Why the workspace's `templates/NAME` may not be read (a link out of the workspace), or null. */
function templateRefusal(workspaceRoot: string, name: string): string | null {
  for (const file of ['template.yaml', 'scaffold.md']) {
    const value = `templates/${name}/${file}`
    const checked = checkPath(workspaceRoot, workspaceRoot, value)
    if (!checked.ok) return refusalMessage('the template file', value, checked.refusal, resolve(workspaceRoot), `copy the template's folder into templates/ instead of linking to it`)
  }
  return null
}

/** Whether a template name is written as a path (`../../etc`, `/tmp/t`, `C:\\t`): names never hold these. */
function looksLikePath(name: string): boolean {
  return /[/\\:]/.test(name) || name.startsWith('.')
}

/** The names of every template a workspace can use, its own first. */
export function templateNames(workspaceRoot: string | null): string[] {
  const names = new Set<string>()
  for (const root of [workspaceRoot ? join(workspaceRoot, 'templates') : null, BUILT_IN_DIR]) {
    if (!root || !existsSync(root)) continue
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (entry.isDirectory() && NAME.test(entry.name) && existsSync(join(root, entry.name, 'template.yaml'))) names.add(entry.name)
    }
  }
  return [...names].sort()
}

/**
 * Loads and validates template `name`. Problems in template.yaml become diagnostics placed
 * in that file; an unknown name gives a null template and an error listing the known ones.
 */
export function loadTemplate(name: string, workspaceRoot: string | null): { template: Template | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const problem = (file: string | null, message: string, line = 1, column = 1, severity: Diagnostic['severity'] = 'error'): void => {
    diagnostics.push({ severity, rule: 'unknown-template', message, file, line, column, source: 'template' })
  }
  if (looksLikePath(name)) {
    const names = templateNames(workspaceRoot).map((n) => `\`${n}\``).join(', ')
    diagnostics.push({ severity: 'error', rule: 'outside-workspace', message: `the template \`${name}\` is written as a path; a template is named, not located: use one of ${names}, or put your own in templates/NAME/ and use \`NAME\``, file: null, line: 1, column: 1, source: 'template' })
    return { template: null, diagnostics }
  }
  const found = NAME.test(name) ? templateDir(name, workspaceRoot) : null
  if (found?.refused) {
    diagnostics.push({ severity: 'error', rule: 'outside-workspace', message: found.refused, file: null, line: 1, column: 1, source: 'template' })
    return { template: null, diagnostics }
  }
  if (!found) {
    problem(null, `no template \`${name}\`; the templates are ${templateNames(workspaceRoot).map((n) => `\`${n}\``).join(', ')} (see \`brief templates\`)`)
    return { template: null, diagnostics }
  }
  const file = join(found.dir, 'template.yaml')
  const { isMap, isScalar, LineCounter, parseDocument } = loadYaml()
  const counter = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter, prettyErrors: false })
  // Only scalars are read below, never expanded: an alias bomb in a template costs nothing.
  const at = (node: YamlNode | null | undefined): { line: number; column: number } => {
    const place = counter.linePos(node?.range?.[0] ?? 0)
    return { line: place.line, column: place.col }
  }
  for (const error of doc.errors) {
    const place = counter.linePos(error.pos[0])
    problem(file, `template.yaml is not valid YAML: ${error.message.split('\n')[0]}`, place.line, place.col)
  }
  const values: Record<string, string | boolean> = {}
  if (doc.errors.length === 0 && doc.contents !== null) {
    if (!isMap(doc.contents)) {
      const place = at(doc.contents)
      problem(file, 'template.yaml must be a map of settings such as `citation-style: chicago-note`', place.line, place.column)
    } else {
      for (const pair of doc.contents.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : ''
        const type = FIELDS[key]
        if ((PDF_FIELDS as readonly string[]).includes(key)) continue
        if (!type) {
          const place = at(pair.key as YamlNode)
          const known = [...Object.keys(FIELDS), ...PDF_FIELDS]
          problem(file, `unknown setting \`${key}\`${suggest(key, known)}; the settings are ${known.map((k) => `\`${k}\``).join(', ')}`, place.line, place.column, 'warning')
          continue
        }
        const value = isScalar(pair.value) ? pair.value.value : undefined
        if (typeof value !== type) {
          const place = at((pair.value as YamlNode | null) ?? (pair.key as YamlNode))
          problem(file, `\`${key}\` must be ${type === 'boolean' ? '`true` or `false`' : 'text'}, not \`${String(value ?? (pair.value === null ? 'nothing' : 'a list or map'))}\``, place.line, place.column)
          continue
        }
        values[key] = value as string | boolean
      }
    }
  }
  const pdf = defaultPdfSettings()
  if (doc.errors.length === 0 && isMap(doc.contents)) {
    const report: Report = (node, message, severity) => {
      const place = at(node)
      problem(file, message, place.line, place.column, severity)
    }
    readPdfSettings(doc.contents, pdf, report, (logo) => findLogo(logo, found.dir, found.builtIn ? found.dir : (workspaceRoot ?? found.dir)))
  }
  const scaffoldFile = join(found.dir, 'scaffold.md')
  const template: Template = {
    name,
    dir: found.dir,
    builtIn: found.builtIn,
    description: typeof values.description === 'string' ? values.description : '',
    citationStyle: typeof values['citation-style'] === 'string' ? values['citation-style'] : 'chicago-note',
    lang: typeof values.lang === 'string' ? values.lang : null,
    claimsAppendix: typeof values['claims-appendix'] === 'boolean' ? values['claims-appendix'] : true,
    scaffold: existsSync(scaffoldFile) ? readFileSync(scaffoldFile, 'utf8') : '---\ntitle: {{title}}\ndate: {{date}}\n---\n\n',
    pdf,
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column)
  return { template: diagnostics.some((d) => d.severity === 'error') ? null : template, diagnostics }
}

type Report = (node: YamlNode | null | undefined, message: string, severity?: Diagnostic['severity']) => void

/**
 * A template's logo: a PNG or JPEG of at most 2 MB, named relative to the template's folder
 * and inside `root` (the workspace, or a built-in template's own folder). The file, or why not.
 */
function findLogo(value: string, dir: string, root: string): { path: string } | string {
  const checked = checkPath(root, dir, value)
  if (!checked.ok) return refusalMessage('the logo', value, checked.refusal, resolve(root), 'put the image in the template\'s folder')
  // Only the signature is read here; the writer reads the image when it draws it.
  const bytes = Buffer.alloc(8)
  try {
    if (statSync(checked.real).size > LOGO_MAX_BYTES) return `the logo \`${value}\` is larger than 2 MB; save a smaller PNG or JPEG`
    const fd = openSync(checked.real, 'r')
    try {
      readSync(fd, bytes, 0, 8, 0)
    } finally {
      closeSync(fd)
    }
  } catch {
    return `the logo \`${value}\` cannot be read; put a PNG or JPEG file of that name in \`${dir}\``
  }
  const png = bytes.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  if (!png && !jpeg) return `the logo \`${value}\` is not a PNG or JPEG image; convert it to one of those`
  return { path: checked.real }
}

/** `; did you mean `x`?` when a known name is one or two edits away. */
function suggest(name: string, known: readonly string[]): string {
  const close = closest(name, known)
  return close ? ` (did you mean \`${close}\`?)` : ''
}

/**
 * Reads the PDF settings of a template.yaml into `pdf` (which holds the defaults). A bad value
 * is an error placed at it and leaves the default; an unknown key is a warning.
 */
function readPdfSettings(map: YAMLMap, pdf: PdfSettings, report: Report, findLogo: (file: string) => { path: string } | string): void {
  const { isMap, isScalar, isSeq } = loadYaml()
  const describe = (node: YamlNode | null | undefined): string =>
    node === null || node === undefined || (isScalar(node) && node.value === null) ? 'nothing' : isScalar(node) ? `\`${String(node.value)}\`` : isSeq(node) ? 'a list' : isMap(node) ? 'a map' : 'an alias'
  const scalar = (node: YamlNode | null | undefined): unknown => (isScalar(node) ? node.value : undefined)
  const isNothing = (node: YamlNode | null | undefined): boolean => node === null || node === undefined || (isScalar(node) && node.value === null)
  const keyOf = (pair: { key: unknown }): string => (isScalar(pair.key) ? String(pair.key.value) : '')
  const oneOf = <T extends string>(node: YamlNode | null, name: string, choices: readonly T[]): T | null => {
    const value = scalar(node)
    const found = choices.find((c) => typeof value === 'string' && c.toLowerCase() === value.toLowerCase())
    if (found) return found
    report(node, `\`${name}\` must be one of ${choices.map((c) => `\`${c}\``).join(', ')}, not ${describe(node)}`)
    return null
  }
  const text = (node: YamlNode | null, name: string, max: number): string | null => {
    const value = scalar(node)
    if (typeof value === 'string' && [...value].length <= max) return value
    report(node, `\`${name}\` must be text of at most ${max} characters, not ${typeof value === 'string' ? `${[...value].length} characters` : describe(node)}`)
    return null
  }
  const number = (node: YamlNode | null, name: string, min: number, max: number): number | null => {
    const value = scalar(node)
    if (typeof value === 'number' && value >= min && value <= max) return value
    report(node, `\`${name}\` must be a number from ${min} to ${max}, not ${describe(node)}`)
    return null
  }
  /** The pairs of a map setting whose keys are known; unknown keys are warnings. */
  const entries = (node: YamlNode | null, name: string, known: readonly string[]): Array<[string, YamlNode | null]> => {
    if (!isMap(node)) {
      report(node, `\`${name}\` must be a map of ${known.map((k) => `\`${k}\``).join(', ')}, not ${describe(node)}`)
      return []
    }
    const out: Array<[string, YamlNode | null]> = []
    for (const pair of node.items) {
      const key = keyOf(pair)
      if (known.includes(key)) out.push([key, (pair.value as YamlNode | null) ?? null])
      else report(pair.key as YamlNode, `unknown setting \`${name}.${key}\`${suggest(key, known)}; \`${name}\` has ${known.map((k) => `\`${k}\``).join(', ')}`, 'warning')
    }
    return out
  }

  for (const pair of map.items) {
    const key = keyOf(pair)
    const value = (pair.value as YamlNode | null) ?? null
    switch (key) {
      case 'layout': {
        const layout = oneOf(value, 'layout', LAYOUTS)
        if (layout) pdf.layout = layout
        break
      }
      case 'page':
        for (const [sub, node] of entries(value, 'page', ['size', 'margins'])) {
          if (sub === 'size') {
            const size = oneOf(node, 'page.size', PAGE_SIZES)
            if (size) pdf.page.size = size
            continue
          }
          // CSS order: one value for all sides, two for top-bottom and left-right, or four: top, right, bottom, left.
          const items = isSeq(node) ? node.items.map((item) => scalar(item as YamlNode)) : [scalar(node)]
          const lengths = items.map(length)
          if ((items.length === 1 || items.length === 2 || items.length === 4) && lengths.every((l) => l !== null)) {
            const [top, right = top, bottom = top, left = right] = lengths as number[]
            pdf.page.margins = [left!, top!, right!, bottom!]
          } else {
            report(node, `\`page.margins\` must be a length such as \`20mm\`, \`0.75in\` or \`54\` (points), or a list of two (top and bottom, left and right) or four (top, right, bottom, left), not ${describe(node)}`)
          }
        }
        break
      case 'fonts':
        for (const [sub, node] of entries(value, 'fonts', ['size', 'line-height'])) {
          const n = sub === 'size' ? number(node, 'fonts.size', 6, 24) : number(node, 'fonts.line-height', 0.8, 3)
          if (n === null) continue
          if (sub === 'size') pdf.fonts.size = n
          else pdf.fonts.lineHeight = n
        }
        break
      case 'colors':
        for (const [sub, node] of entries(value, 'colors', COLOR_KEYS)) {
          const color = scalar(node)
          if (typeof color === 'string' && COLOR.test(color)) pdf.colors[sub as (typeof COLOR_KEYS)[number]] = color
          else report(node, `\`colors.${sub}\` must be a colour written \`#rrggbb\` or \`#rgb\`, not ${describe(node)}`)
        }
        break
      case 'heading-markers': {
        const levels = ['1', '2', '3', '4', '5', '6']
        for (const [level, node] of entries(value, 'heading-markers', levels)) {
          if (isNothing(node)) {
            delete pdf.headingMarkers[Number(level)]
            continue
          }
          const marker = text(node, `heading-markers.${level}`, MARKER_MAX)
          if (marker !== null) pdf.headingMarkers[Number(level)] = marker
        }
        break
      }
      case 'bullets': {
        const items = isSeq(value) ? value.items : [value]
        const bullets = items.map((item, i) => text(item as YamlNode | null, `bullets[${i + 1}]`, 3))
        if (items.length > 6) report(value, `\`bullets\` lists at most 6 glyphs, one per nesting level, not ${items.length}`)
        else if (bullets.every((b): b is string => b !== null && b.length > 0)) pdf.bullets = bullets
        break
      }
      case 'notes': {
        const notes = oneOf(value, 'notes', ['endnotes', 'footnotes'] as const)
        if (notes) pdf.notes = notes
        break
      }
      case 'title-block': {
        const items = isSeq(value) ? value.items : [value]
        const fields = items.map((item) => oneOf(item as YamlNode | null, 'title-block', TITLE_BLOCK_FIELDS))
        if (fields.every((f): f is TitleBlockField => f !== null)) pdf.titleBlock = fields
        break
      }
      case 'logo': {
        // `logo: logo.png`, or `logo: { file: logo.png, width: 30mm }`; the file is read by loadTemplate.
        if (isNothing(value) || scalar(value) === false) {
          pdf.logo = null
          break
        }
        let file: string | null = null
        let width = mm(30)
        if (isMap(value)) {
          const subs = entries(value, 'logo', ['file', 'width'])
          if (!subs.some(([k]) => k === 'file')) report(value, '`logo` needs a `file`, e.g. `logo: { file: logo.png, width: 30mm }`')
          for (const [sub, node] of subs) {
            if (sub === 'file') file = text(node, 'logo.file', 200)
            else {
              const w = length(scalar(node))
              if (w !== null && w >= 4 && w <= 300) width = w
              else report(node, `\`logo.width\` must be a length from 4 to 300 points, such as \`30mm\`, not ${describe(node)}`)
            }
          }
        } else file = text(value, 'logo', 200)
        if (file === null) break
        const found = findLogo(file)
        if (typeof found === 'string') report(value, found)
        else pdf.logo = { file: found.path, width }
        break
      }
      case 'header':
      case 'footer':
      case 'to': {
        // `false` or nothing turns a header or footer off.
        if (isNothing(value) || scalar(value) === false) {
          pdf[key] = key === 'to' ? null : ''
          break
        }
        const line = text(value, key, 200)
        if (line !== null) pdf[key] = line
        break
      }
    }
  }
}
