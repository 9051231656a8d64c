/*
 * pdfkit turns every line it adds to a page's content stream into a Buffer of its own (a
 * 100-page brief makes about half a million), then joins them when the stream ends. Here the
 * lines are kept as strings and turned into one Buffer when the stream ends: the same bytes
 * (pdfkit writes them in the `binary` encoding, one byte per UTF-16 unit), a tenth of the time
 * and much less garbage.
 */

// A symbol, so nothing pdfkit names can collide with it.
const PENDING = Symbol('pending lines')

interface StreamReference {
  buffer: Uint8Array[]
  data: { Length?: number; Filter?: string }
  compress: boolean
  uncompressedLength: number
  [PENDING]?: string[]
}

type Write = (this: StreamReference, chunk: unknown) => void
type Finalize = (this: StreamReference) => void

function flush(ref: StreamReference): void {
  const pending = ref[PENDING]
  if (pending?.length) {
    ref.buffer.push(Buffer.from(pending.join(''), 'binary'))
    ref[PENDING] = []
  }
}

function patchReference(proto: { write: Write; finalize: Finalize; batched?: true }): void {
  if (proto.batched) return
  const { write, finalize } = proto
  proto.write = function (chunk) {
    if (chunk instanceof Uint8Array) {
      flush(this)
      write.call(this, chunk)
      return
    }
    // What pdfkit's own write does with a line, less making its Buffer.
    const line = `${chunk as string}\n`
    ;(this[PENDING] ??= []).push(line)
    this.uncompressedLength += line.length
    this.data.Length = (this.data.Length ?? 0) + line.length
    if (this.compress) this.data.Filter = 'FlateDecode'
  }
  proto.finalize = function () {
    flush(this)
    finalize.call(this)
  }
  proto.batched = true
}

/**
 * Installs the batching on pdfkit's documents (`PDFDocument`, the class pdfmake's extends).
 * pdfkit does not export its reference class: it is patched through the first reference a
 * document makes, in the document's constructor, before any line is written.
 */
export function batchStreamWrites(PDFDocument: { prototype: { ref?: (this: unknown, data?: unknown) => object } }): void {
  const ref = PDFDocument.prototype.ref
  if (typeof ref !== 'function') return
  PDFDocument.prototype.ref = function (this: unknown, data?: unknown) {
    const made = ref.call(this, data)
    const proto = Object.getPrototypeOf(made) as { write?: unknown; finalize?: unknown }
    if (typeof proto.write === 'function' && typeof proto.finalize === 'function') patchReference(proto as Parameters<typeof patchReference>[0])
    PDFDocument.prototype.ref = ref
    return made
  }
}
