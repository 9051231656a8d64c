import { dirname, resolve } from 'node:path'
import type { Nodes, Root } from 'mdast'
import type { ResolvedBrief } from '../../brief/resolve.js'
import { DiagnosticBag } from '../../diagnostics/collector.js'
import { insideWorkspace, isWithin } from '../../library/boundary.js'
import type { Diagnostic } from '../../model/diagnostic.js'
import { defaultPdfSettings } from '../../templates/index.js'
import type { RenderedCitations } from '../citations.js'
import { labelsFor } from '../labels.js'
import { bibliography, claimsAppendix, noteEntry, notes } from './back.js'
import { blocks, blockState } from './blocks.js'
import type { Content, PdfContext } from './context.js'
import { fontFiles, fontFilesRead, STANDARD_FONTS } from './fonts.js'
import { footnoteTarget, installFootnoteLayout, type FootnotePlan } from './footnotes.js'
import { pdfLabelsFor } from './labels.js'
import { loadPdfMake } from './load.js'
import { background, FURNITURE, headerAndFooter, titleBlock } from './page.js'

export { missingGlyphs } from './fonts.js'

export interface PdfOptions {
  /** The workspace: images are read from inside it, and nothing outside it but the fonts. */
  workspaceRoot: string
  /** Problems found while laying out (notes too long for the foot of a page). */
  diagnostics?: Diagnostic[]
}

// Page sizes in points.
const PAGE_WIDTH = { A4: 595.28, Letter: 612, A5: 419.53, Legal: 612 } as const
const PAGE_HEIGHT = { A4: 841.89, Letter: 792, A5: 595.28, Legal: 1008 } as const

/**
 * The brief as a PDF in its template's house style: title block, body with claims filled in
 * and note marks, endnotes, bibliography, "Claims used", header and footer, bookmarks and
 * metadata. Fonts are embedded as subsets; pdfmake may fetch no URL and read no file but the
 * fonts and images inside the workspace.
 */
export async function writePdf(resolved: ResolvedBrief, citations: RenderedCitations, options: PdfOptions): Promise<Uint8Array> {
  const settings = resolved.template?.pdf ?? defaultPdfSettings()
  if (settings.notes === 'footnotes' && citations.notes.length && installFootnoteLayout()) {
    const plan = { failed: false }
    const pdf = await layOut(resolved, citations, options, plan)
    if (!plan.failed) return pdf
    const bag = new DiagnosticBag(resolved.brief.file, null)
    bag.report('notes-too-long', `a note is too long for the foot of any page; the PDF has endnotes instead of footnotes`)
    options.diagnostics?.push(...bag.list)
  }
  return layOut(resolved, citations, options, null)
}

/** One layout, with footnotes when `footnotes` is given (which learns whether they fit). */
async function layOut(resolved: ResolvedBrief, citations: RenderedCitations, options: PdfOptions, footnotes: { failed: boolean } | null): Promise<Uint8Array> {
  const settings = resolved.template?.pdf ?? defaultPdfSettings()
  const [left, top, right, bottom] = settings.page.margins
  const workspaceRoot = resolve(options.workspaceRoot)
  const ctx: PdfContext = {
    resolved,
    citations,
    settings,
    labels: labelsFor(resolved.lang),
    pdfLabels: pdfLabelsFor(resolved.lang),
    workspaceRoot,
    briefDir: dirname(resolve(resolved.brief.file)),
    contentWidth: PAGE_WIDTH[settings.page.size] - left - right,
    noteTarget: footnotes ? footnoteTarget : (note) => `note-${note}`,
    missing: new Set(),
  }
  const content: Content[] = [...titleBlock(ctx), ...blocks(resolved.brief.tree.children, ctx, blockState()), ...(footnotes ? [] : notes(ctx)), ...bibliography(ctx), ...claimsAppendix(ctx)]
  const noteSize = settings.fonts.size * 0.8
  const plan: FootnotePlan | undefined = footnotes
    ? Object.assign(footnotes, {
        baseBottom: bottom,
        topMargin: top,
        pageHeight: PAGE_HEIGHT[settings.page.size],
        note: (n: number) => ({ ...noteEntry(ctx, n, noteSize, footnoteTarget(n)), margin: [0, 0, 0, noteSize * 0.3], lineHeight: 1.25 }),
        separator: (extraTop: number) => ({
          canvas: [{ type: 'line', x1: 0, y1: 0, x2: ctx.contentWidth / 3, y2: 0, lineWidth: 0.5, lineColor: settings.colors.rules }],
          margin: [left, 6 + extraTop, right, 5],
        }),
      })
    : undefined

  const files = fontFiles()
  const fontDirs = [...new Set(Object.values(files).flatMap((f) => Object.values(f)).filter((f) => !STANDARD_FONTS.has(f)).map((f) => dirname(f)))]
  const pdfmake = loadPdfMake()
  // pdfmake keeps its settings on one shared object: set them all on every build.
  pdfmake.setFonts(structuredClone(files))
  // The font files the glyph lookups have read already: pdfmake takes them from memory.
  for (const [path, bytes] of fontFilesRead()) pdfmake.virtualfs.writeFileSync(path, bytes)
  pdfmake.setUrlAccessPolicy(() => false)
  // The fonts by name; images only when their real file (links resolved) is in the workspace.
  pdfmake.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path) || fontDirs.some((dir) => isWithin(dir, resolve(path))) || insideWorkspace(workspaceRoot, path))

  const { meta } = resolved.brief
  const doc = {
    pageSize: settings.page.size,
    pageMargins: settings.page.margins,
    info: {
      title: meta.title ?? undefined,
      author: meta.authors.map((a) => a.name).join(', ') || undefined,
      subject: meta.subtitle ?? meta.abstract?.trim() ?? undefined,
      keywords: (meta.keywords.length ? meta.keywords.join(', ') : keywords(resolved.brief.tree, meta.series)) || undefined,
      creator: 'briefkit',
      producer: 'briefkit (pdfmake)',
      // The brief's date, not the time of the build: the same brief makes the same bytes.
      creationDate: creationDate(meta.date),
    },
    language: resolved.lang,
    displayTitle: true,
    defaultStyle: { font: 'NotoSansKR', fontSize: settings.fonts.size, lineHeight: settings.fonts.lineHeight, color: settings.colors.text },
    content,
    ...headerAndFooter(ctx, plan),
    background: background(ctx),
    // A heading left last on its page (before a table or a block quote) goes to the next.
    // (Headers and footers, styled `furniture`, are on every page: they do not count.)
    pageBreakBefore: (node: { headlineLevel?: number }, nodes: { getFollowingNodesOnPage(): Array<{ style?: unknown }> }) =>
      node.headlineLevel !== undefined && nodes.getFollowingNodesOnPage().every((n) => n.style === FURNITURE),
    styles: { [FURNITURE]: {} },
    compress: true,
  }
  const buffer = await pdfmake.createPdf(doc).getBuffer()
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

function creationDate(date: string | null): Date {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date) : null
  return m ? new Date(Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1)) : new Date(0)
}

/** The PDF's keywords: the series and the section headings. */
function keywords(tree: Root, series: string | null): string {
  const text = (node: Nodes): string => ('value' in node && typeof node.value === 'string' ? node.value : 'children' in node ? node.children.map((c) => text(c as Nodes)).join('') : '')
  const sections = tree.children.filter((n) => n.type === 'heading' && n.depth === 2).map((n) => text(n).trim())
  return [series, ...sections].filter(Boolean).join(', ')
}
