import type { ResolvedBrief } from '../../brief/resolve.js'
import type { PdfSettings } from '../../templates/index.js'
import type { RenderedCitations } from '../citations.js'
import type { Labels } from '../labels.js'
import type { PdfLabels } from './labels.js'

/** A pdfmake content node; pdfmake's own types are not shipped with 0.3. */
export type Content = { [key: string]: unknown }

/** What every part of the PDF writer reads. */
export interface PdfContext {
  resolved: ResolvedBrief
  citations: RenderedCitations
  settings: PdfSettings
  labels: Labels
  pdfLabels: PdfLabels
  /** Where images may be read from: the workspace, and the brief's folder. */
  workspaceRoot: string
  briefDir: string
  /** The width text can take on the page, in points. */
  contentWidth: number
  /** The destination a note mark links to: the endnote, or the footnote at the page's foot. */
  noteTarget(note: number): string
  /** Characters no font can draw, collected while building. */
  missing: Set<string>
}
