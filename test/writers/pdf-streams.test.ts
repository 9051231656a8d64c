import { createRequire } from 'node:module'
import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { loadPdfMake } from '../../src/writers/pdf/load.js'

/*
 * The PDF writer keeps the lines of pdfkit's content streams as strings until a stream ends
 * (pdfkit made a Buffer of each). The stream must hold the same bytes, with the right /Length.
 */
type Doc = { addContent(line: string): Doc; addNamedDestination(name: string): void; on(event: string, listener: (chunk?: Buffer) => void): Doc; end(): void }

/** A pdfkit document (the pdfkit pdfmake uses, with the writer's changes installed), written by `write`. */
function pdfkitPdf(options: object, write: (doc: Doc) => void): Promise<Buffer> {
  loadPdfMake()
  const pdfkit = createRequire(createRequire(import.meta.url).resolve('pdfmake'))('pdfkit') as new (options: object) => Doc
  const doc = new pdfkit(options)
  write(doc)
  const chunks: Buffer[] = []
  return new Promise((resolve) => {
    doc.on('data', (chunk) => chunks.push(chunk!))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.end()
  })
}

async function contentStream(compress: boolean, lines: string[]): Promise<{ length: number; bytes: Buffer; after: string }> {
  const pdf = await pdfkitPdf({ compress }, (doc) => {
    for (const line of lines) doc.addContent(line)
  })
  // The first stream is the first page's content.
  const head = /\/Length (\d+)[^]*?stream\n/.exec(pdf.toString('latin1'))!
  const start = head.index + head[0].length
  const length = Number(head[1])
  return { length, bytes: pdf.subarray(start, start + length), after: pdf.subarray(start + length, start + length + 10).toString('latin1') }
}

const LINES = ['BT', '/F1 12 Tf', '72 700 Td', '[<0041> 120 <0042>] TJ', '(caf\u00e9) Tj', 'ET', '0.5 w 0 0 m 100 0 l S']
// pdfkit starts each page by flipping its y axis (its default page, Letter, is 792 points high).
const EXPECTED = Buffer.from(['1 0 0 -1 0 792 cm', ...LINES].map((l) => `${l}\n`).join(''), 'latin1')

describe('content streams', () => {
  it('hold every line, in order, with the right length', async () => {
    const { length, bytes, after } = await contentStream(false, LINES)
    expect(bytes.toString('latin1')).toBe(EXPECTED.toString('latin1'))
    expect(length).toBe(EXPECTED.length)
    expect(after).toBe('\nendstream')
  })

  it('compressed, inflate to the same lines', async () => {
    const { bytes, after } = await contentStream(true, LINES)
    expect(after).toBe('\nendstream')
    expect(inflateSync(bytes).toString('latin1')).toBe(EXPECTED.toString('latin1'))
  })
})

describe('named destinations', () => {
  it('are listed in the byte order the PDF format asks for, not the locale’s', async () => {
    const pdf = (
      await pdfkitPdf({ compress: false }, (doc) => {
        for (const name of ['b', 'B', 'a10', 'a2', 'Z', 'fn-10', 'fn-2']) doc.addNamedDestination(name)
      })
    ).toString('latin1')
    // The tree's leaf: `/Names [(key) [destination] (key) [destination] …]`.
    const names = pdf.slice(pdf.indexOf('/Names [') + 8, pdf.indexOf('>>', pdf.indexOf('/Names [')))
    expect([...names.matchAll(/\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['B', 'Z', 'a10', 'a2', 'b', 'fn-10', 'fn-2'])
  })
})
