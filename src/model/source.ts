import type { Diagnostic } from './diagnostic.js'

/** Formats read from decoded text. */
export type TextFormat = 'outline-text' | 'news-text' | 'wordpress-json' | 'html' | 'markdown'
/** Formats read from the bytes themselves, recognized by their magic bytes before any decoding. */
export type BinaryFormat = 'pdf' | 'docx'
export type SourceFormat = TextFormat | BinaryFormat

/** What kind of publication a source is; drives the citation type later. */
export type SourceKind = 'brief' | 'report' | 'news' | 'op-ed' | 'post' | 'webpage' | 'document'

export interface Person {
  name: string
  email: string | null
  affiliation: string | null
  role: string | null
}

export interface Speaker {
  name: string
  affiliation: string | null
}

export interface SourceMeta {
  title: string | null
  authors: Person[]
  publisher: string | null
  /** Where the text first appeared when the publisher reprints it (aggregators, syndication). */
  originalPublisher: string | null
  /** ISO `YYYY-MM-DD`, or null when the source does not say. */
  date: string | null
  url: string | null
  /** BCP 47 primary tag such as `en`, `ko`, `ja`, `zh`; null when unknown. */
  language: string | null
  kind: SourceKind
  series: string | null
  number: string | null
}

export type ClaimKind = 'bullet' | 'sentence'

export interface Claim {
  /** `<source id>.<short hash of the normalized text>` */
  id: string
  kind: ClaimKind
  /** Always `source.text.slice(start, end)`. */
  text: string
  start: number
  end: number
  /** Index of the block (paragraph or bullet) the claim belongs to, counted over the whole source. */
  paragraph: number
  speaker: Speaker | null
  /**
   * The page the claim starts on, for citing `p. N`. Only paginated sources (PDF) set it;
   * elsewhere the field is absent, so the JSON of other formats is unchanged.
   */
  page?: number | null
  /**
   * The text of each footnote or endnote the claim's text refers to, in order (DOCX). The
   * note marks themselves are left out of `text`; absent when the claim refers to no note.
   */
  notes?: string[]
}

export interface Section {
  /** Null for the prose before the first heading. */
  heading: string | null
  /** The source's own marker (`■`, `1.`, `1)`, `##`), or null when it has none. */
  marker: string | null
  level: number
  claims: Claim[]
  sections: Section[]
}

export interface Source {
  id: string
  file: string
  format: SourceFormat
  meta: SourceMeta
  text: string
  sections: Section[]
  diagnostics: Diagnostic[]
}
