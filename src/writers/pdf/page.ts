import { readFileSync } from 'node:fs'
import type { TitleBlockField } from '../../templates/index.js'
import type { Content, PdfContext } from './context.js'
import { quoteBox, rule } from './blocks.js'
import { footnotesOfPage, withPlan, type FootnotePlan } from './footnotes.js'
import { toInlines, type Run } from './inline.js'

const MUTED = '#5f5f5f'
/** The style name of headers and footers, so the page-break check can tell them from content. */
export const FURNITURE = 'furniture'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * A date as ICU writes it with a long month, for the languages briefs are mostly written in;
 * null for the others. (ICU's first date format costs 10 ms of a build, for one line.)
 */
function commonDate(lang: string, year: number, month: number, day: number | null): string | null {
  const language = lang.toLowerCase()
  if (/^(?:ko)(?:-|$)/.test(language)) return `${year}년 ${month}월${day === null ? '' : ` ${day}일`}`
  if (/^(?:ja|zh)(?:-|$)/.test(language)) return `${year}年${month}月${day === null ? '' : `${day}日`}`
  if (language === 'en' || language === 'en-us') return day === null ? `${MONTHS[month - 1]} ${year}` : `${MONTHS[month - 1]} ${day}, ${year}`
  return null
}

/** `2025-06-02` in the brief's language ("June 2, 2025", "2025년 6월 2일"); other text as it is. */
export function formatDate(date: string | null, lang: string): string {
  if (!date) return ''
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date)
  if (!m) return date
  try {
    const when = new Date(Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1))
    if (!m[2]) return m[1]!
    // Through Date, so `2025-02-30` reads as ICU reads it (March 2).
    const common = commonDate(lang, when.getUTCFullYear(), when.getUTCMonth() + 1, m[3] ? when.getUTCDate() : null)
    return common ?? new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', ...(m[3] ? { day: 'numeric' } : {}), timeZone: 'UTC' }).format(when)
  } catch {
    return date
  }
}

/** The values `{name}` stands for in header and footer text. */
export function placeholders(ctx: PdfContext): Record<string, string> {
  const { meta } = ctx.resolved.brief
  return {
    title: meta.title ?? '',
    subtitle: meta.subtitle ?? '',
    series: meta.series ?? '',
    number: meta.number ?? '',
    date: formatDate(meta.date, ctx.resolved.lang),
    author: meta.authors.map((a) => a.name).join(', '),
  }
}

export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{([a-z-]{1,16})\}/g, (whole, name: string) => values[name] ?? whole).replace(/\s{2,}/g, ' ').trim()
}

/**
 * Header and footer: the template's text, split at ` | ` into left, (centre,) right parts.
 * Neither is printed on a report's cover; the header is left off every first page, which
 * has the title block. With footnotes, the footer area holds the page's notes above the
 * footer text, and the footer text stays where it is on pages without notes.
 */
export function headerAndFooter(ctx: PdfContext, footnotes?: FootnotePlan): { header?: PageFurniture; footer?: PageFurniture } {
  const { settings } = ctx
  const values = placeholders(ctx)
  const [left, top, right] = settings.page.margins
  const size = settings.fonts.size * 0.78
  const line = (text: string, page: number, pages: number, margin: [number, number, number, number]): Content | null => {
    const pageOf = ctx.pdfLabels.pageOf.replace('{page}', String(page)).replace('{pages}', String(pages))
    const parts = text.split(/\s+\|\s+/).map((part) => fill(part, { ...values, page: String(page), pages: String(pages), 'page-of': pageOf }))
    if (!parts.some(Boolean)) return null
    // One part is a centred line: no column group to lay out on every page.
    if (parts.length === 1) return { style: FURNITURE, text: toInlines([{ text: parts[0]! }], ctx, 1), alignment: 'center', fontSize: size, color: MUTED, margin }
    const alignments = parts.length === 2 ? ['left', 'right'] : ['left', 'center', 'right']
    return {
      style: FURNITURE,
      columns: parts.slice(0, 3).map((part, i) => ({ width: '*', text: toInlines([{ text: part }], ctx, 1), alignment: alignments[i], style: FURNITURE })),
      fontSize: size,
      color: MUTED,
      margin,
    }
  }
  const header = settings.header ?? ''
  const footer = settings.footer ?? '{page-of}'
  const cover = settings.layout === 'report'
  const footerText = (page: number, pages: number, extraTop: number): Content | null =>
    footer && !(cover && page === 1) ? line(footer, page, pages, [left, 8 + extraTop, right, 0]) : null
  const footerWithNotes = (plan: FootnotePlan): PageFurniture =>
    withPlan((page: number, pages: number) => {
      const { notes, spare } = footnotesOfPage(page - 1)
      if (!notes.length) return footerText(page, pages, spare)
      const text = footerText(page, pages, 0)
      return { stack: [plan.separator(spare), { stack: notes.map((n) => plan.note(n)), margin: [left, 0, right, 0] }, ...(text ? [text] : [])], style: FURNITURE }
    }, plan)
  return {
    ...(header ? { header: (page: number, pages: number) => (page === 1 ? null : line(header, page, pages, [left, Math.max(12, top / 2 - size), right, 0])) } : {}),
    ...(footnotes ? { footer: footerWithNotes(footnotes) } : footer ? { footer: (page: number, pages: number) => footerText(page, pages, 0) } : {}),
  }
}

type PageFurniture = (page: number, pages: number) => Content | null

function authorLines(ctx: PdfContext, options: { emails: boolean }): Content[] {
  return ctx.resolved.brief.meta.authors.map((a) => {
    const runs: Run[] = [{ text: a.name, bold: true }]
    const about = [a.role, a.affiliation].filter(Boolean).join(', ')
    if (about) runs.push({ text: ` · ${about}` })
    if (a.email && options.emails) runs.push({ text: ' · ' }, { text: a.email, link: `mailto:${a.email}` })
    return { text: toInlines(runs, ctx), margin: [0, 0, 0, 1] }
  })
}

function summaryBox(label: string, ctx: PdfContext, fill: string): Content | null {
  const abstract = ctx.resolved.brief.meta.abstract
  if (!abstract) return null
  return quoteBox([{ text: toInlines([{ text: label, bold: true, color: ctx.settings.colors.headings }, { text: ' ' }, { text: abstract.trim() }], ctx) }], ctx, fill)
}

/** The title block of the template's layout: what the first page starts with. */
export function titleBlock(ctx: PdfContext): Content[] {
  switch (ctx.settings.layout) {
    case 'memo':
      return [...logo(ctx, 'right'), ...memoBlock(ctx)]
    case 'report':
      return reportCover(ctx)
    default:
      return [...logo(ctx, 'right'), ...briefBlock(ctx)]
  }
}

/** Whether the template's title block shows `field`. */
function shows(ctx: PdfContext, field: TitleBlockField): boolean {
  return ctx.settings.titleBlock.includes(field)
}

/** The template's logo, as wide as it says and at most half as tall (read when the template was checked). */
function logo(ctx: PdfContext, alignment: 'left' | 'right'): Content[] {
  const { logo } = ctx.settings
  if (!logo) return []
  const bytes = readFileSync(logo.file)
  const type = bytes[0] === 0x89 ? 'png' : 'jpeg'
  return [{ image: `data:image/${type};base64,${bytes.toString('base64')}`, fit: [logo.width, logo.width / 2], alignment, margin: [0, 0, 0, ctx.settings.fonts.size * 0.8] }]
}

/** The Sejong look: series and number over a rule, title, subtitle, authors with e-mail, summary. */
function briefBlock(ctx: PdfContext): Content[] {
  const { meta } = ctx.resolved.brief
  const { colors, fonts } = ctx.settings
  const out: Content[] = []
  const series = shows(ctx, 'series') ? [meta.series, meta.number].filter(Boolean).join(' ') : ''
  const date = shows(ctx, 'date') ? formatDate(meta.date, ctx.resolved.lang) : ''
  if (series || date) {
    out.push({
      columns: [
        { width: '*', text: toInlines([{ text: series, bold: true }], ctx), color: colors.accent, fontSize: fonts.size * 1.05 },
        { width: 'auto', text: toInlines([{ text: date }], ctx), color: MUTED, fontSize: fonts.size * 0.95, alignment: 'right' },
      ],
      margin: [0, 0, 0, 3],
    })
    out.push(rule(ctx, [0, 0, 0, fonts.size * 1.4], 2.2, colors.accent))
  }
  if (meta.title && shows(ctx, 'title')) out.push({ text: toInlines([{ text: meta.title, bold: true }], ctx, 1.15), fontSize: fonts.size * 2.1, color: colors.headings, margin: [0, 0, 0, fonts.size * 0.5] })
  if (meta.subtitle && shows(ctx, 'subtitle')) out.push({ text: toInlines([{ text: meta.subtitle }], ctx, 1.2), fontSize: fonts.size * 1.2, color: MUTED, margin: [0, 0, 0, fonts.size * 0.9] })
  const authors = shows(ctx, 'authors') ? authorLines(ctx, { emails: shows(ctx, 'emails') }) : []
  if (authors.length) out.push({ stack: authors, fontSize: fonts.size * 0.9, margin: [0, 0, 0, fonts.size * 0.8] })
  out.push(rule(ctx, [0, 0, 0, fonts.size * 1.1], 0.5))
  const summary = shows(ctx, 'abstract') ? summaryBox(ctx.labels.abstract.replace(/[.。]$/, ''), ctx, '#eef2f7') : null
  if (summary) out.push(summary)
  return out
}

/** A memo: MEMORANDUM, then To / From / Date / Subject, a rule, and the bottom line first. */
function memoBlock(ctx: PdfContext): Content[] {
  const { meta } = ctx.resolved.brief
  const { colors, fonts } = ctx.settings
  const labels = ctx.pdfLabels
  const field = (label: string, value: Content): Content[] => [{ text: toInlines([{ text: `${label}:`, bold: true }], ctx), color: MUTED }, value]
  const rows: Content[][] = []
  if (ctx.settings.to) rows.push(field(labels.to, { text: toInlines([{ text: ctx.settings.to }], ctx) }))
  if (meta.authors.length && shows(ctx, 'authors')) rows.push(field(labels.from, { stack: authorLines(ctx, { emails: shows(ctx, 'emails') }) }))
  if (meta.date && shows(ctx, 'date')) rows.push(field(labels.date, { text: toInlines([{ text: formatDate(meta.date, ctx.resolved.lang) }], ctx) }))
  if (meta.title && shows(ctx, 'title')) {
    const subject: Run[] = [{ text: meta.title, bold: true }]
    if (meta.subtitle && shows(ctx, 'subtitle')) subject.push({ text: ` — ${meta.subtitle}` })
    rows.push(field(labels.subject, { text: toInlines(subject, ctx) }))
  }
  const out: Content[] = [
    { text: toInlines([{ text: labels.memorandum.toUpperCase(), bold: true }], ctx), fontSize: fonts.size * 1.6, color: colors.headings, margin: [0, 0, 0, fonts.size * 0.8] },
  ]
  if (rows.length) {
    out.push({
      table: { widths: ['auto', '*'], body: rows },
      layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: (i: number) => (i === 0 ? 0 : 10), paddingRight: () => 0, paddingTop: () => 2, paddingBottom: () => 2 },
      margin: [0, 0, 0, fonts.size * 0.6],
    })
  }
  out.push(rule(ctx, [0, 0, 0, fonts.size * 1.1], 1.5, colors.rules))
  const bottomLine = shows(ctx, 'abstract') ? summaryBox(`${labels.bottomLine}:`, ctx, '#f3f3f3') : null
  if (bottomLine) out.push(bottomLine)
  return out
}

/** A report: a cover page, then the contents on a page of their own, then the executive summary. */
function reportCover(ctx: PdfContext): Content[] {
  const { meta } = ctx.resolved.brief
  const { colors, fonts } = ctx.settings
  const out: Content[] = []
  const series = shows(ctx, 'series') ? [meta.series, meta.number].filter(Boolean).join(' ') : ''
  const mark = logo(ctx, 'left')
  out.push(...mark, { text: '', margin: [0, mark.length ? 60 : 110, 0, 0] })
  if (series) out.push({ text: toInlines([{ text: series.toUpperCase(), bold: true }], ctx), color: colors.accent, fontSize: fonts.size * 1.05, margin: [0, 0, 0, fonts.size] })
  if (meta.title && shows(ctx, 'title')) out.push({ text: toInlines([{ text: meta.title, bold: true }], ctx, 1.12), fontSize: fonts.size * 2.7, color: colors.headings, margin: [0, 0, 0, fonts.size] })
  if (meta.subtitle && shows(ctx, 'subtitle')) out.push({ text: toInlines([{ text: meta.subtitle }], ctx, 1.2), fontSize: fonts.size * 1.35, color: MUTED, margin: [0, 0, 0, fonts.size * 1.5] })
  out.push({ canvas: [{ type: 'rect', x: 0, y: 0, w: 60, h: 4, color: colors.accent }], margin: [0, 0, 0, fonts.size * 1.8] })
  const authors = shows(ctx, 'authors') ? authorLines(ctx, { emails: shows(ctx, 'emails') }) : []
  if (authors.length) out.push({ stack: authors, fontSize: fonts.size, margin: [0, 0, 0, fonts.size * 0.6] })
  if (meta.date && shows(ctx, 'date')) out.push({ text: toInlines([{ text: formatDate(meta.date, ctx.resolved.lang) }], ctx), color: MUTED })
  out.push({
    toc: { title: { text: toInlines([{ text: ctx.pdfLabels.contents, bold: true }], ctx), fontSize: fonts.size * 1.6, color: colors.headings, margin: [0, 0, 0, fonts.size * 1.2] }, textMargin: [0, 0, 0, 4], numberStyle: { color: MUTED } },
    pageBreak: 'before',
  })
  const abstract = shows(ctx, 'abstract') ? meta.abstract?.trim() : undefined
  if (abstract) {
    out.push({ text: toInlines([{ text: ctx.pdfLabels.executiveSummary, bold: true }], ctx, 1.2), fontSize: fonts.size * 1.35, color: colors.headings, pageBreak: 'before', margin: [0, 0, 0, fonts.size * 0.5], tocItem: true, outline: true, outlineText: ctx.pdfLabels.executiveSummary, id: 'executive-summary' })
    out.push({ text: toInlines([{ text: abstract }], ctx), margin: [0, 0, 0, fonts.size] })
  } else out.push({ text: '', pageBreak: 'before' })
  return out
}

/** What a report's cover page has behind it: a band of the accent colour down its left edge. */
export function background(ctx: PdfContext): ((page: number, size: { height: number }) => Content | null) | undefined {
  if (ctx.settings.layout !== 'report') return undefined
  return (page, size) => (page === 1 ? { canvas: [{ type: 'rect', x: 0, y: 0, w: 18, h: size.height, color: ctx.settings.colors.accent }] } : null)
}
