import type { Root } from 'mdast'
import type { Diagnostic } from './diagnostic.js'

/** One author of a brief, as its frontmatter gives them. */
export interface BriefAuthor {
  name: string
  affiliation: string | null
  role: string | null
  email: string | null
}

/** A brief's frontmatter, validated. Keys are written in kebab-case in YAML (`citation-style`). */
export interface BriefMeta {
  title: string | null
  subtitle: string | null
  /** ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`). */
  date: string | null
  authors: BriefAuthor[]
  series: string | null
  number: string | null
  template: string | null
  /** A built-in style name (`chicago-note`, `apa`) or a path to a `.csl` file, relative to the brief. */
  citationStyle: string | null
  /** BCP 47 tag such as `en-US`, `ko-KR`, `ja-JP`. */
  lang: string | null
  abstract: string | null
  /** Paths of CSL-JSON (`.json`), CSL-YAML (`.yaml`) or BibTeX (`.bib`) files, relative to the brief. */
  bibliography: string[]
  /** The PDF's keywords (its document properties); none: the series and the section headings. */
  keywords: string[]
}

/** The kinds of locator CSL knows, as a brief writes them (`p. 4`, `sec. 2.1`, `para. 3`). */
export type LocatorLabel =
  | 'page'
  | 'section'
  | 'paragraph'
  | 'chapter'
  | 'figure'
  | 'line'
  | 'note'
  | 'volume'
  | 'part'
  | 'verse'

/** One source cited inside a citation, pandoc-style: `[see @key, p. 4 and passim]`. */
export interface CitationItem {
  key: string
  /** Text before `@key` inside the brackets (`see`), trimmed; '' when none. */
  prefix: string
  /** Text after the locator (`and passim`), trimmed; '' when none. */
  suffix: string
  locator: { label: LocatorLabel; value: string } | null
  /** `-@key`: the author is named in the prose already. */
  suppressAuthor: boolean
}

/** 1-based line and column plus 0-based offset, in the brief's file. */
export interface BriefPoint {
  line: number
  column: number
  offset: number
}

/**
 * `[@a; @b]` (a parenthetical citation) or `@key` / `@key [p. 4]` in running text (a
 * narrative one, which names the author in the sentence).
 */
export interface CiteNode {
  type: 'cite'
  items: CitationItem[]
  narrative: boolean
  /** The citation exactly as written, e.g. `[see @key, p. 4]`. */
  raw: string
  position?: { start: BriefPoint; end: BriefPoint }
}

/** `:claim[ID]` (the claim's text, cited) or `:claim[ID]{quote}` (as a quotation). */
export interface ClaimRefNode {
  type: 'claimRef'
  id: string
  quote: boolean
  position?: { start: BriefPoint; end: BriefPoint }
}

declare module 'mdast' {
  interface PhrasingContentMap {
    cite: CiteNode
    claimRef: ClaimRefNode
  }
  interface RootContentMap {
    cite: CiteNode
    claimRef: ClaimRefNode
  }
}

/** Where frontmatter values that name files were written: diagnostics about those files point there. */
export interface BriefMetaPlaces {
  template?: { line: number; column: number }
  citationStyle?: { line: number; column: number }
  /** One per entry of `meta.bibliography`, in its order. */
  bibliography: Array<{ line: number; column: number }>
}

/** A brief as parsed: its metadata and its Markdown tree, with claim and citation nodes. */
export interface Brief {
  file: string
  meta: BriefMeta
  /** Absent for a brief built in code rather than parsed. */
  metaPlaces?: BriefMetaPlaces
  /** The body (frontmatter removed); positions refer to lines of the whole file. */
  tree: Root
  diagnostics: Diagnostic[]
}
