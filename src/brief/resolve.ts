import { existsSync } from 'node:fs'
import { dirname, resolve as resolvePath } from 'node:path'
import type { Heading, Image, Nodes, Root } from 'mdast'
import { loadBibliography } from '../citations/bibliography-file.js'
import { sourceToCsl, type CslItem } from '../citations/csl.js'
import { BUILT_IN_STYLES, isStylePath } from '../citations/styles.js'
import { checkPath, refusalMessage } from '../library/boundary.js'
import { readTextWithinSync, tooLargeDiagnostic } from '../readers/source-size.js'
import type { ClaimRecord, Library } from '../library/library.js'
import { hasCjk } from '../library/search-text.js'
import type { Brief, BriefPoint, CiteNode, ClaimRefNode } from '../model/brief.js'
import type { Diagnostic, Severity } from '../model/diagnostic.js'
import type { SourceMeta } from '../model/source.js'
import { RULES, type RuleId } from '../diagnostics/rules.js'
import { editDistance } from '../diagnostics/suggest.js'
import { DEFAULT_TEMPLATE, loadTemplate, type Template } from '../templates/index.js'
import { readLock, type LockedClaim } from './lock.js'

/** A `:claim[ID]` found in the library. */
export interface UsedClaim {
  claim: ClaimRecord
  /** The source's file, relative to the workspace, and the sha256 of its bytes. */
  file: string
  hash: string
}

/** A brief with every claim and citation looked up: what the writers need. */
export interface ResolvedBrief {
  brief: Brief
  template: Template | null
  /** The citation style, as the brief or its template names it. */
  style: string
  /** The folder a style given as a path is relative to: the brief's, or its template's. */
  styleDir: string
  lang: string
  claimsAppendix: boolean
  claims: Map<ClaimRefNode, UsedClaim>
  /** CSL items of every cited source that was found (workspace sources and bibliography entries). */
  items: Map<string, CslItem>
  diagnostics: Diagnostic[]
}

// Below this, the closest current text is not the same claim reworded.
const CHANGED_MIN = 0.5

/** Every claim reference and citation of a tree, in document order. */
export function citationNodes(tree: Root): Array<ClaimRefNode | CiteNode> {
  const out: Array<ClaimRefNode | CiteNode> = []
  const walk = (node: Nodes): void => {
    if (node.type === 'claimRef' || node.type === 'cite') out.push(node)
    else if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return out
}

/**
 * Looks up what a brief uses: claims and sources in the library, entries of its
 * bibliography files, its template and style. Problems become diagnostics placed in the
 * brief; nothing is written.
 */
export function resolveBrief(brief: Brief, library: Library): ResolvedBrief {
  const diagnostics: Diagnostic[] = [...brief.diagnostics]
  const report = (rule: RuleId, message: string, at: BriefPoint | undefined, severity?: Severity): void => {
    diagnostics.push({ severity: severity ?? RULES[rule].severity, rule, message, file: brief.file, line: at?.line ?? 1, column: at?.column ?? 1, source: 'brief' })
  }
  const { template, diagnostics: templateProblems } = loadTemplate(brief.meta.template ?? DEFAULT_TEMPLATE, library.workspace.root)
  // A problem with the template itself is placed at the brief's `template:` value.
  const templateAt = brief.meta.template ? brief.metaPlaces?.template : undefined
  diagnostics.push(...templateProblems.map((d) => (d.file ? d : { ...d, file: brief.file, line: templateAt?.line ?? d.line, column: templateAt?.column ?? d.column })))
  const styleDir = brief.meta.citationStyle ? dirname(brief.file) : (template?.dir ?? dirname(brief.file))
  const styleRefused = refusedStyle(brief, template, styleDir, library.workspace.root)
  if (styleRefused) diagnostics.push(styleRefused)
  // A refused style file is never read: the build stops on the error, rendered in the default style meanwhile.
  const style = styleRefused ? DEFAULT_STYLE : (brief.meta.citationStyle ?? template?.citationStyle ?? DEFAULT_STYLE)
  const lang = brief.meta.lang ?? template?.lang ?? 'en-US'

  const bibliography = readBibliographies(brief, library.workspace.root, library.maxBytes, report, diagnostics)
  diagnostics.push(...imageProblems(brief, library.workspace.root))
  const lock = new Map((readLock(brief.file)?.claims ?? []).map((c) => [c.id, c]))
  const claims = new Map<ClaimRefNode, UsedClaim>()
  const items = new Map<string, CslItem>()
  const firstUse = new Map<string, BriefPoint | undefined>()
  const seenClaims = new Map<string, BriefPoint | undefined>()
  const metas = new Map<string, SourceMeta | null>()
  const metaOf = (id: string): SourceMeta | null => {
    if (!metas.has(id)) metas.set(id, library.sourceMeta(id)?.meta ?? null)
    return metas.get(id) ?? null
  }
  const cite = (key: string, at: BriefPoint | undefined): boolean => {
    if (items.has(key)) return true
    const entry = bibliography.get(key)
    if (entry) {
      items.set(key, entry)
      firstUse.set(key, at)
      return true
    }
    const meta = metaOf(key)
    if (!meta) return false
    items.set(key, sourceToCsl(key, meta))
    firstUse.set(key, at)
    return true
  }

  for (const node of citationNodes(brief.tree)) {
    const at = node.position?.start
    if (node.type === 'claimRef') {
      const claim = library.claim(node.id)
      if (claim) {
        const file = library.sourceFile(claim.sourceId)
        claims.set(node, { claim, file: file?.path ?? '', hash: file?.hash ?? '' })
        cite(claim.sourceId, at)
        if (seenClaims.has(node.id)) {
          const first = seenClaims.get(node.id)
          report('duplicate-claim', `claim \`${node.id}\` is used twice (first at line ${first?.line ?? '?'}); say it once, or cite its source with [@${claim.sourceId}] the second time`, at)
        } else seenClaims.set(node.id, at)
        continue
      }
      const locked = lock.get(node.id)
      if (locked) reportChanged(locked, library, report, at)
      else report('unknown-claim', unknownClaimMessage(node.id, library), at)
      continue
    }
    for (const item of node.items) {
      if (!cite(item.key, at)) {
        const similar = library.similarIds(item.key)
        const known = [...bibliography.keys()].filter((k) => k.startsWith(item.key.slice(0, 3)))
        const suggestions = [...similar, ...known].slice(0, 3)
        report(
          'unknown-source',
          `no source \`${item.key}\` in the library${brief.meta.bibliography.length ? ' or the bibliography' : ''}${suggestions.length ? `; did you mean ${suggestions.map((s) => `\`${s}\``).join(', ')}?` : '; see `brief sources` for the ids'}`,
          at,
        )
      }
    }
  }

  // What the style prints for each source: missing pieces become "n.d." or a title-led entry.
  for (const [key, item] of items) {
    const lacks: string[] = []
    if (!item.title) lacks.push('title')
    if (!item.author?.length && !item.editor?.length) lacks.push('author')
    if (!item.issued) lacks.push('date')
    if (lacks.length) {
      const fix = bibliography.has(key) ? 'add it to its bibliography entry' : 'add it to the source file'
      report('source-incomplete', `source \`${key}\` has no ${lacks.join(' and no ')}; its ${style} citation goes without (${fix})`, firstUse.get(key))
    }
  }

  // Copies of one story cited side by side read as two sources agreeing.
  const cited = [...items.keys()].filter((k) => !bibliography.has(k))
  for (let i = 0; i < cited.length; i++) {
    const copies = library.copiesOf(cited[i]!)
    for (const other of cited.slice(i + 1)) {
      if (copies.has(other)) {
        report('same-story', `sources \`${cited[i]}\` and \`${other}\` are copies of one story (a reprint or a syndicated piece), cited as if independent; cite one of them`, firstUse.get(other))
      }
    }
  }

  for (const heading of emptySections(brief.tree)) {
    report('empty-section', `the section \`${headingText(heading)}\` is empty; write something under it or remove the heading`, heading.position?.start as BriefPoint | undefined)
  }

  return {
    brief,
    template,
    style,
    styleDir,
    lang,
    claimsAppendix: template?.claimsAppendix ?? true,
    claims,
    items,
    diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
  }
}

const DEFAULT_STYLE = 'chicago-note'

/**
 * The diagnostic for a citation style given as a path that leads out of the workspace (or,
 * for a built-in template's style, out of its folder), or null.
 */
function refusedStyle(brief: Brief, template: Template | null, styleDir: string, workspaceRoot: string): Diagnostic | null {
  const fromBrief = brief.meta.citationStyle !== null
  const style = brief.meta.citationStyle ?? template?.citationStyle
  if (!style || !isStylePath(style)) return null
  const root = !fromBrief && template?.builtIn ? template.dir : workspaceRoot
  const checked = checkPath(root, styleDir, style.trim())
  if (checked.ok) return null
  const fix = `copy the .csl file into the workspace${fromBrief ? ', next to the brief,' : ''} and name it by a relative path, or use a built-in style (${BUILT_IN_STYLES.map((s) => `\`${s}\``).join(', ')})`
  const at = fromBrief ? brief.metaPlaces?.citationStyle : undefined
  return {
    severity: RULES['outside-workspace'].severity,
    rule: 'outside-workspace',
    message: refusalMessage(fromBrief ? 'the citation style' : `the citation style of template \`${template?.name}\``, style, checked.refusal, resolvePath(root), fix),
    file: fromBrief ? brief.file : resolvePath(template!.dir, 'template.yaml'),
    line: at?.line ?? 1,
    column: at?.column ?? 1,
    source: 'brief',
  }
}

// Images the writers never open: web addresses are left to their alt text, inline data is inline.
const NOT_A_FILE = /^(?:https?|data|mailto):/i

/** Every image of the brief whose path leads out of the workspace: the PDF writer will not read it. */
function imageProblems(brief: Brief, workspaceRoot: string): Diagnostic[] {
  const out: Diagnostic[] = []
  const walk = (node: Nodes): void => {
    if (node.type === 'image') {
      const refusal = imageRefusal(node, dirname(resolvePath(brief.file)), workspaceRoot)
      if (refusal) {
        out.push({ severity: RULES['outside-workspace'].severity, rule: 'outside-workspace', message: refusal, file: brief.file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1, source: 'brief' })
      }
    } else if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(brief.tree)
  return out
}

/** Why the image `node` may not be read, or null (a file inside the workspace, or a web address). */
function imageRefusal(node: Image, briefDir: string, workspaceRoot: string): string | null {
  if (NOT_A_FILE.test(node.url) || node.url === '') return null
  let value = node.url
  try {
    value = decodeURI(node.url)
  } catch {
    // not percent-encoded as a URI would be: the path as written
  }
  const checked = checkPath(workspaceRoot, briefDir, value)
  return checked.ok ? null : refusalMessage('the image', node.url, checked.refusal, resolvePath(workspaceRoot), 'copy it into the workspace (next to the brief, say) and link it by a relative path such as `images/chart.png`')
}

function readBibliographies(brief: Brief, workspaceRoot: string, maxBytes: number, report: (rule: RuleId, message: string, at: BriefPoint | undefined) => void, diagnostics: Diagnostic[]): Map<string, CslItem> {
  const entries = new Map<string, CslItem>()
  for (const [i, name] of brief.meta.bibliography.entries()) {
    const at = brief.metaPlaces?.bibliography[i]
    const place = at ? { ...at, offset: 0 } : undefined
    // Relative to the brief; pandoc looks in the working folder, so a brief written for it
    // finds its bibliography there too. Either way it must lie inside the workspace.
    const besideBrief = checkPath(workspaceRoot, dirname(brief.file), name)
    const inFolder = checkPath(workspaceRoot, '.', name)
    const found = [besideBrief, inFolder].find((c) => c.ok && existsSync(c.real))
    if (!found?.ok) {
      // Refused beside the brief, or only a file outside the workspace in the current folder.
      const refused = !besideBrief.ok ? besideBrief : !inFolder.ok && existsSync(resolvePath(name)) ? inFolder : null
      if (refused && !refused.ok) {
        report('outside-workspace', refusalMessage('the bibliography file', name, refused.refusal, resolvePath(workspaceRoot), 'copy it into the workspace, next to the brief, and name it by a relative path'), place)
      } else report('bibliography-file', `the bibliography file \`${name}\` does not exist (next to the brief, or in the current folder)`, place)
      continue
    }
    const path = found.path
    let text: string
    try {
      const read = readTextWithinSync(found.real, maxBytes)
      if ('tooLarge' in read) {
        const { message } = tooLargeDiagnostic(name, read.tooLarge, maxBytes, null, 'a bibliography file')
        report('bibliography-file', message.replace(/^the file is/, `the bibliography file \`${name}\` is`), place)
        continue
      }
      text = read.text
    } catch (error) {
      report('bibliography-file', `cannot read the bibliography file \`${name}\`: ${(error as Error).message}`, place)
      continue
    }
    const loaded = loadBibliography(path, text)
    for (const d of loaded.diagnostics) {
      diagnostics.push({ severity: RULES[d.rule].severity, rule: d.rule, message: d.message, file: path, line: d.line, column: d.column, source: 'bibliography' })
    }
    for (const item of loaded.items) entries.set(String(item.id), item)
  }
  return entries
}

function unknownClaimMessage(id: string, library: Library): string {
  const sourceId = id.slice(0, id.lastIndexOf('.'))
  if (sourceId && library.sourceMeta(sourceId)) {
    const near = library
      .claimsOf(sourceId)
      .map((c) => c.id)
      .filter((c) => editDistance(c, id) <= 2)
    return `no claim \`${id}\` in source \`${sourceId}\`${near.length ? `; did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : '; find its id with `brief show ' + sourceId + '`'}`
  }
  const similar = library.similarIds(sourceId || id)
  return `no claim \`${id}\` in the library${similar.length ? `; its source may be one of ${similar.map((s) => `\`${s}\``).join(', ')}` : ''} (find claims with \`brief claims search\`)`
}

/** A claim used by the last build is gone: say what its source says now, never re-anchor silently. */
function reportChanged(locked: LockedClaim, library: Library, report: (rule: RuleId, message: string, at: BriefPoint | undefined) => void, at: BriefPoint | undefined): void {
  const current = library.claimsOf(locked.source)
  if (current.length === 0) {
    report('claim-vanished', `claim \`${locked.id}\` is gone: its source \`${locked.source}\` (${locked.file}) is no longer in the library`, at)
    return
  }
  const own = words(locked.text)
  let best: { claim: ClaimRecord; score: number } | null = null
  for (const claim of current) {
    const score = similarity(own, words(claim.text))
    if (!best || score > best.score) best = { claim, score }
  }
  const score = Math.round((best?.score ?? 0) * 100) / 100
  if (best && best.score >= CHANGED_MIN) {
    report(
      'claim-changed',
      `claim \`${locked.id}\` changed in ${locked.file}: it said “${locked.text}”, it now says “${best.claim.text}” (\`${best.claim.id}\`, similarity ${score.toFixed(2)}); use \`${best.claim.id}\` if the new text is what you mean`,
      at,
    )
  } else {
    report(
      'claim-vanished',
      `claim \`${locked.id}\` (“${locked.text}”) is no longer in ${locked.file}${best ? `; the closest claim there is “${best.claim.text}” (\`${best.claim.id}\`, similarity ${score.toFixed(2)})` : ''}`,
      at,
    )
  }
}

/**
 * Every word of a claim, small ones included (an edit that only adds "not" matters here),
 * and CJK text as bigrams.
 */
function words(text: string): Set<string> {
  const out = new Set<string>()
  for (const word of text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue
    if (hasCjk(word) && word.length > 2) for (let i = 0; i + 1 < word.length; i++) out.add(word.slice(i, i + 2))
    else out.add(word)
  }
  return out
}

/** Dice coefficient over two claims' words: 1 for the same words, 0 for none shared. */
function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size + b.size === 0) return 1
  let shared = 0
  for (const word of a) if (b.has(word)) shared++
  return (2 * shared) / (a.size + b.size)
}

/** Headings with nothing under them before the next heading of the same or a higher level. */
function emptySections(tree: Root): Heading[] {
  const out: Heading[] = []
  const children = tree.children
  children.forEach((node, i) => {
    if (node.type !== 'heading') return
    const next = children[i + 1]
    if (!next || (next.type === 'heading' && next.depth <= node.depth)) out.push(node)
  })
  return out
}

function headingText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if ('children' in node) return node.children.map((c) => headingText(c as Nodes)).join('')
  return ''
}
