import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node as YamlNode } from 'yaml'
import type { Diagnostic } from '../model/diagnostic.js'
import { loadYaml } from '../readers/lazy.js'

/** A house style: how a brief looks and cites. Issue 5 adds the page and font settings. */
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

/** Where a template named `name` lives: the workspace's templates/ first, then the built-ins. */
function templateDir(name: string, workspaceRoot: string | null): { dir: string; builtIn: boolean } | null {
  if (workspaceRoot) {
    const own = join(workspaceRoot, 'templates', name)
    if (existsSync(join(own, 'template.yaml'))) return { dir: own, builtIn: resolve(own) === join(BUILT_IN_DIR, name) }
  }
  const builtIn = join(BUILT_IN_DIR, name)
  return existsSync(join(builtIn, 'template.yaml')) ? { dir: builtIn, builtIn: true } : null
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
  const found = NAME.test(name) ? templateDir(name, workspaceRoot) : null
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
        // Settings for the PDF writer (issue 5) are read there; unknown here is not wrong.
        if (!type) continue
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
  }
  return { template: diagnostics.some((d) => d.severity === 'error') ? null : template, diagnostics }
}
