// The worker thread behind src/readers/extract.ts: pdf.js (through unpdf) and mammoth, which
// only work asynchronously, run here while the calling thread blocks. Each job's reply goes out
// on the port the caller reads synchronously, then the shared counter wakes the caller.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type { DocxExtraction, ExtractJob, ExtractReply, PdfDot, PdfExtraction, PdfPageText, PdfTextRun, WorkerReply, WorkerRequest } from './extract.js'

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array }

// pdf.js warns on the console about every oddity of a damaged file; the reader reports what
// matters as diagnostics, and nothing else may reach the user's terminal.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {}

// pdf.js 5 copies buffers with `ArrayBuffer.prototype.transferToFixedLength` (Node 21+). Without
// it the operator list of a page comes back empty on Node 20, and with it the bullets that a
// PDF draws as shapes. The copy below is what the method does, less the detaching.
const arrayBufferProto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer }
arrayBufferProto.transferToFixedLength ??= function (this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
  const copy = new ArrayBuffer(length)
  new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)))
  return copy
}

let current = 0
function reply(id: number, answer: ExtractReply<unknown>): void {
  port.postMessage({ id, reply: answer } satisfies WorkerReply)
  Atomics.add(signal, 0, 1)
  Atomics.notify(signal, 0)
}

function failure(error: unknown): ExtractReply<never> {
  const name = error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error) ? String((error as { name: unknown }).name) : 'Error'
  const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as { message: unknown }).message) : String(error)
  return { ok: false, name, message: message.slice(0, 500) }
}

// A stray rejection inside a library must not end the worker (the caller would wait for the
// time limit): it fails the job at hand instead.
process.on('unhandledRejection', (error) => {
  if (current) reply(current, failure(error))
  current = 0
})
process.on('uncaughtException', (error) => {
  if (current) reply(current, failure(error))
  current = 0
})

parentPort?.on('message', (request: WorkerRequest) => {
  current = request.id
  run(request.job).then(
    (value) => {
      if (current === request.id) reply(request.id, { ok: true, value })
    },
    (error: unknown) => {
      if (current === request.id) reply(request.id, failure(error))
    },
  ).finally(() => {
    if (current === request.id) current = 0
  })
})

function run(job: ExtractJob): Promise<unknown> {
  return job.kind === 'pdf' ? extractPdf(job.bytes, job.maxPages) : extractDocx(job.bytes)
}

// ---------------------------------------------------------------------------
// PDF

type Matrix = [number, number, number, number, number, number]

function multiply(m: readonly number[], n: readonly number[]): Matrix {
  return [
    m[0]! * n[0]! + m[2]! * n[1]!,
    m[1]! * n[0]! + m[3]! * n[1]!,
    m[0]! * n[2]! + m[2]! * n[3]!,
    m[1]! * n[2]! + m[3]! * n[3]!,
    m[0]! * n[4]! + m[2]! * n[5]! + m[4]!,
    m[1]! * n[4]! + m[3]! * n[5]! + m[5]!,
  ]
}

function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!]
}

function infoString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null
}

// Bullets drawn as shapes are a few points across; anything larger is a rule, box or figure.
const DOT_MIN = 1.5
const DOT_MAX = 9
const MAX_DOTS = 2000

interface OperatorList {
  fnArray: number[]
  argsArray: unknown[]
}

/** Small filled shapes of a page, in viewport coordinates. */
function dotsOf(ops: OperatorList, OPS: Record<string, number>, viewport: readonly number[]): PdfDot[] {
  const dots: PdfDot[] = []
  const fills = new Set([OPS['fill'], OPS['eoFill'], OPS['fillStroke'], OPS['eoFillStroke'], OPS['closeFillStroke'], OPS['closeEOFillStroke']])
  let ctm: readonly number[] = [1, 0, 0, 1, 0, 0]
  const stack: Array<readonly number[]> = []
  for (let i = 0; i < ops.fnArray.length && dots.length < MAX_DOTS; i++) {
    const fn = ops.fnArray[i]
    const args = ops.argsArray[i] as unknown[] | null
    if (fn === OPS['save']) stack.push(ctm)
    else if (fn === OPS['restore']) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0]
    else if (fn === OPS['transform'] && args) ctm = multiply(ctm, args as number[])
    else if (fn === OPS['constructPath'] && args) {
      // pdf.js 5: [painting operator, path data, bounding box in user space].
      const box = args[2] as ArrayLike<number> | null | undefined
      if (!fills.has(args[0] as number) || !box || box.length < 4) continue
      const toPage = multiply(viewport, ctm)
      const [x0, y0] = apply(toPage, box[0]!, box[1]!)
      const [x1, y1] = apply(toPage, box[2]!, box[3]!)
      const w = Math.abs(x1 - x0)
      const h = Math.abs(y1 - y0)
      if (w < DOT_MIN || h < DOT_MIN || w > DOT_MAX || h > DOT_MAX || w > 2 * h || h > 2 * w) continue
      dots.push([Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)])
    }
  }
  return dots
}

async function extractPdf(bytes: Uint8Array, maxPages: number): Promise<PdfExtraction> {
  const { getDocumentProxy, getResolvedPDFJS } = await import('unpdf')
  const { OPS } = (await getResolvedPDFJS()) as unknown as { OPS: Record<string, number> }
  // verbosity 0: errors only; pdf.js must not fetch anything or evaluate code from the file.
  const pdf = await getDocumentProxy(bytes, { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false })
  try {
    const { info, metadata } = (await pdf.getMetadata().catch(() => ({ info: {}, metadata: null }))) as {
      info: Record<string, unknown>
      metadata: { get(name: string): unknown } | null
    }
    const xmp = (name: string): string | null => {
      const value = metadata?.get(name)
      return infoString(Array.isArray(value) ? value[0] : value)
    }
    const pages: PdfPageText[] = []
    const count = Math.min(pdf.numPages, maxPages)
    for (let n = 1; n <= count; n++) {
      const page = await pdf.getPage(n)
      const viewport = page.getViewport({ scale: 1 })
      const transform = viewport.transform as number[]
      const runs: PdfTextRun[] = []
      const content = await page.getTextContent()
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue
        const m = multiply(transform, item.transform as number[])
        // Horizontal text only: rotated stamps and watermarks ("DRAFT" across the page) are not prose.
        if (m[0] <= 0 || Math.abs(m[1]) > 0.1 * m[0]) continue
        const size = Math.hypot(m[2], m[3]) || item.height
        runs.push({ s: item.str, x: m[4], y: m[5], w: item.width, size, font: item.fontName })
      }
      let dots: PdfDot[] = []
      try {
        dots = dotsOf((await page.getOperatorList()) as unknown as OperatorList, OPS, transform)
      } catch {
        // Shapes only help find bullets; the text is what counts.
      }
      pages.push({ n, width: viewport.width, height: viewport.height, runs, dots })
      page.cleanup()
    }
    return {
      totalPages: pdf.numPages,
      pages,
      info: {
        title: infoString(info['Title']) ?? xmp('dc:title'),
        author: infoString(info['Author']) ?? xmp('dc:creator'),
        subject: infoString(info['Subject']) ?? xmp('dc:description'),
        created: infoString(info['CreationDate']) ?? xmp('xmp:createdate'),
      },
    }
  } finally {
    await pdf.destroy().catch(() => {})
  }
}

// ---------------------------------------------------------------------------
// DOCX

async function extractDocx(bytes: Uint8Array): Promise<DocxExtraction> {
  const mammoth = ((await import('mammoth')) as unknown as { default: typeof import('mammoth') }).default
  const result = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      // Word's title and subtitle styles are not in mammoth's default map.
      styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"],
      // Images say nothing to claim: never decoded, never inlined as base64.
      convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      externalFileAccess: false,
      ignoreEmptyParagraphs: true,
    },
  )
  return { html: result.value, messages: result.messages.map((m) => m.message) }
}
