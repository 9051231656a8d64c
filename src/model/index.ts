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
