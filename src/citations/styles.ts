import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// `styles/` sits at the repository root, two levels above both src/citations/ and dist/citations/.
const STYLE_DIR = fileURLToPath(new URL('../../styles/', import.meta.url))

const BUILT_IN = new Map([
  ['chicago-note', 'chicago-note.csl'],
  ['apa', 'apa.csl'],
])

// Upstream's file names. Our chicago-note is upstream's chicago-fullnote-bibliography (a full
// note first, short notes after); upstream's chicago-note-bibliography has short notes only.
const ALIASES = new Map([
  ['chicago-note-bibliography', 'chicago-note'],
  ['chicago-fullnote-bibliography', 'chicago-note'],
])

export const BUILT_IN_STYLES: readonly string[] = [...BUILT_IN.keys()]

const styleTexts = new Map<string, { mtime: number; text: string }>()

/** Read once per process, again only when the file changes. */
function readCached(path: string): string {
  const mtime = statSync(path).mtimeMs
  const cached = styleTexts.get(path)
  if (cached?.mtime === mtime) return cached.text
  const text = readFileSync(path, 'utf8')
  styleTexts.set(path, { mtime, text })
  return text
}

export type StyleSource = { ok: true; path: string; xml: string } | { ok: false; reason: string }

/** Whether a style is given as a path to a `.csl` file, not by a built-in name: the file it names is read. */
export function isStylePath(style: string): boolean {
  const name = style.trim()
  const lower = name.toLowerCase()
  return !BUILT_IN.has(ALIASES.get(lower) ?? lower) && (/\.csl$/i.test(name) || /[/\\]/.test(name))
}

/** A built-in style name or a path to a `.csl` file (relative to `baseDir`). */
export function findStyle(style: string, baseDir: string | undefined): StyleSource {
  const name = style.trim()
  const lower = name.toLowerCase()
  const builtIn = BUILT_IN.get(ALIASES.get(lower) ?? lower)
  if (builtIn) {
    const path = join(STYLE_DIR, builtIn)
    return { ok: true, path, xml: readCached(path) }
  }
  if (!isStylePath(name)) return { ok: false, reason: 'it is not a built-in style' }
  const path = isAbsolute(name) ? name : resolve(baseDir ?? process.cwd(), name)
  try {
    return { ok: true, path, xml: readCached(path) }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { ok: false, reason: code === 'ENOENT' ? `${path} does not exist` : `${path} could not be read (${code ?? 'error'})` }
  }
}

const require = createRequire(import.meta.url)
let localeFiles: Map<string, string> | undefined

/** Lower-cased tag → file, for every locale citeproc-locales ships. */
function locales(): Map<string, string> {
  if (!localeFiles) {
    const dir = join(dirname(require.resolve('citeproc-locales/package.json')), 'locales')
    localeFiles = new Map()
    for (const file of readdirSync(dir)) {
      const m = /^locales-(.+)\.xml$/.exec(file)
      if (m?.[1]) localeFiles.set(m[1].toLowerCase(), join(dir, file))
    }
  }
  return localeFiles
}

const PREFERRED_REGION = new Map([['en', 'en-us'], ['zh', 'zh-cn'], ['pt', 'pt-pt'], ['ko', 'ko-kr'], ['ja', 'ja-jp']])

/**
 * The locale for a BCP 47 tag: `ko` and `ko-KR` give `ko-KR`, `zh-Hant-TW` gives `zh-TW`.
 * Null when no locale file fits.
 */
export function findLocale(lang: string): string | null {
  const all = locales()
  const parts = lang.trim().replace(/_/g, '-').toLowerCase().split('-')
  const primary = parts[0] ?? ''
  const region = parts.slice(1).find((p) => /^[a-z]{2}$/.test(p))
  const candidates = [
    region ? `${primary}-${region}` : null,
    primary,
    PREFERRED_REGION.get(primary) ?? null,
    `${primary}-${primary}`,
    [...all.keys()].sort().find((k) => k.startsWith(`${primary}-`)) ?? null,
  ]
  for (const key of candidates) {
    if (!key || !all.has(key)) continue
    const [p, r] = key.split('-')
    return r ? `${p}-${r.toUpperCase()}` : (p ?? key)
  }
  return null
}

/**
 * ko-KR's `and` is the placeholder 와/과 (the particle depends on the preceding syllable), which
 * would print "Doe와/과Roe"; bibliographies write 및. Its `et-al`, 기타, reads "etc."; Korean
 * citations write 외. citeproc-js spaces terms that do not start with a Latin letter from
 * nothing, so the spaces are part of the terms.
 */
function patchLocale(tag: string, xml: string): string {
  if (tag.toLowerCase() !== 'ko-kr') return xml
  return xml.replace(/<term name="and">와\/과<\/term>/, '<term name="and"> 및 </term>').replace(/<term name="et-al">기타<\/term>/, '<term name="et-al"> 외</term>')
}

const localeTexts = new Map<string, string | false>()

/** The locale file's XML, or false when there is none (citeproc-js then falls back). */
export function localeXml(tag: string): string | false {
  let text = localeTexts.get(tag)
  if (text === undefined) {
    const path = locales().get(tag.toLowerCase())
    text = path ? patchLocale(tag, readFileSync(path, 'utf8')) : false
    localeTexts.set(tag, text)
  }
  return text
}
