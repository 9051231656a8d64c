import { createRequire } from 'node:module'

/*
 * PDFs for the PDF reader's tests, made here: pdfmake with the standard Helvetica (no font
 * files, so a document builds in milliseconds) for controlled layouts, and a hand-written
 * minimal PDF for page counts no layout engine should be asked to lay out.
 */
const require = createRequire(import.meta.url)

interface PdfMake {
  setFonts(fonts: object): void
  setUrlAccessPolicy(callback: (url: string) => boolean): void
  setLocalAccessPolicy(callback: (path: string) => boolean): void
  createPdf(doc: object): { getBuffer(): Promise<Buffer> }
}

/** A PDF of a pdfmake document definition, set in Helvetica 10 pt unless it says otherwise. */
export async function pdfmakePdf(doc: Record<string, unknown>): Promise<Buffer> {
  const pdfmake = require('pdfmake') as PdfMake
  // The writer sets its own fonts on the same pdfmake; set these before every document.
  pdfmake.setFonts({ Helvetica: { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' } })
  pdfmake.setUrlAccessPolicy(() => false)
  // The standard fonts are names, not files; nothing else may be read.
  pdfmake.setLocalAccessPolicy((path) => /^Helvetica(?:-\w+)?$/.test(path))
  const defaultStyle = { font: 'Helvetica', fontSize: 10, lineHeight: 1.25, ...((doc['defaultStyle'] as object | undefined) ?? {}) }
  return pdfmake.createPdf({ ...doc, defaultStyle }).getBuffer()
}

/** Escapes a string for a PDF literal string. */
function literal(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`
}

/**
 * A minimal valid PDF written by hand: `pages` pages in one flat page tree, each showing the
 * lines `text(page)` in Helvetica 12 pt. Builds 5,000 pages in a few milliseconds.
 */
export function handMadePdf(pages: number, text: (page: number) => string[], info: Record<string, string> = {}): Buffer {
  const objects: string[] = []
  const add = (body: string): number => objects.push(body)
  const catalog = add('')
  const tree = add('')
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
  const kids: number[] = []
  for (let p = 1; p <= pages; p++) {
    const lines = text(p).map((line, k) => `BT /F1 12 Tf 72 ${720 - k * 16} Td ${literal(line)} Tj ET`).join('\n')
    const content = add(`<< /Length ${Buffer.byteLength(lines, 'latin1')} >>\nstream\n${lines}\nendstream`)
    kids.push(add(`<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 612 792] /Contents ${content} 0 R /Resources << /Font << /F1 ${font} 0 R >> >> >>`))
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${tree} 0 R >>`
  objects[tree - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${pages} >>`
  const infoEntries = Object.entries(info).map(([key, value]) => `/${key} ${literal(value)}`).join(' ')
  const infoObject = infoEntries ? add(`<< ${infoEntries} >>`) : null
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
  const offsets: number[] = []
  objects.forEach((body, k) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${k + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${infoObject ? ` /Info ${infoObject} 0 R` : ''} >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

/**
 * A two-page report: a title in large type, a byline the PDF's Author confirms, then numbered
 * headings in larger type, one on each page, each with one sentence.
 */
export function dredgingPdf(): Promise<Buffer> {
  return pdfmakePdf({
    info: { title: 'Harbour Dredging and the Southern Ports', author: 'Mina Seo', creationDate: new Date(Date.UTC(2024, 4, 2)) },
    content: [
      { text: 'Harbour Dredging and the Southern Ports', fontSize: 18, bold: true },
      { text: 'Mina Seo, Coastal Policy Unit', margin: [0, 4, 0, 12] },
      { text: '1. The channel', fontSize: 13, bold: true },
      { text: 'The channel was deepened to seventeen metres in the first phase of the project.' },
      { text: '2. The cost', fontSize: 13, bold: true, pageBreak: 'before' },
      { text: 'The second phase of the dredging will cost more than the first because the rock is harder.' },
    ],
  })
}
