export type { Diagnostic, Severity } from './diagnostic.js'
export type {
  Claim,
  ClaimKind,
  Person,
  Section,
  Source,
  SourceFormat,
  SourceKind,
  SourceMeta,
  Speaker,
} from './source.js'
export type { Brief, BriefAuthor, BriefMeta, BriefPoint, CitationItem, CiteNode, ClaimRefNode, LocatorLabel } from './brief.js'
