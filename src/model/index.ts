export type { Diagnostic, Severity } from './diagnostic.js'
export type {
  BinaryFormat,
  Claim,
  ClaimKind,
  Person,
  Section,
  Source,
  SourceFormat,
  SourceKind,
  SourceMeta,
  Speaker,
  TextFormat,
} from './source.js'
export type { Brief, BriefAuthor, BriefMeta, BriefPoint, CitationItem, CiteNode, ClaimRefNode, LocatorLabel } from './brief.js'
