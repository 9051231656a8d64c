import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import { workerBootCode } from '../library/worker-boot.js'

/*
 * pdf.js and mammoth only work asynchronously, but `readSource` is a plain function that the
 * CLI, the library and its parse worker all call synchronously. The extraction runs in a
 * worker thread of its own while this thread blocks on `Atomics.wait`, then takes the answer
 * with `receiveMessageOnPort` — synckit's technique, written out here (about 100 lines) because
 * this bridge also needs what synckit leaves out: a worker that hangs on a hostile file is
 * terminated at the time limit (synckit leaves it running, and every later call queues behind
 * it), the worker's heap is capped (`resourceLimits`: a decompression bomb kills the worker,
 * not the process), and the TypeScript sources load under tsx the way src/library/parse-pool.ts
 * already does it.
 */

/** One text run of a PDF page, in page coordinates: points, origin top left, y down. */
export interface PdfTextRun {
  /** The text. */
  s: string
  /** Left end of the baseline. */
  x: number
  /** The baseline. */
  y: number
  /** Advance width. */
  w: number
  /** Font size. */
  size: number
  /** pdf.js's font id (`g_d0_f2`): runs in one font share it. */
  font: string
}

/** A small filled shape on a page (a bullet drawn as a graphic): [left, top, right, bottom]. */
export type PdfDot = [number, number, number, number]

export interface PdfPageText {
  /** 1-based page number. */
  n: number
  width: number
  height: number
  runs: PdfTextRun[]
  dots: PdfDot[]
}

export interface PdfExtraction {
  totalPages: number
  pages: PdfPageText[]
  info: { title: string | null; author: string | null; subject: string | null; created: string | null }
}

export interface DocxExtraction {
  html: string
  messages: string[]
}

export type ExtractJob = { kind: 'pdf'; bytes: Uint8Array; maxPages: number } | { kind: 'docx'; bytes: Uint8Array }

export type ExtractReply<T> =
  | { ok: true; value: T }
  /** `name` is the library's error class (`PasswordException`, `InvalidPDFException`), or `timeout`. */
  | { ok: false; name: string; message: string }

/** Messages between this thread and the worker: a job with its id, a reply with the same id. */
export interface WorkerRequest {
  id: number
  job: ExtractJob
}
export interface WorkerReply {
  id: number
  reply: ExtractReply<unknown>
}

/** What the worker may use for its heap; the process's own heap is untouched. */
const WORKER_HEAP_MB = 1536

interface Bridge {
  worker: Worker
  port: MessagePort
  /** Bumped by the worker after each reply it posts: the value `Atomics.wait` watches. */
  signal: Int32Array
}

let bridge: Bridge | null = null
let nextId = 1

function start(): Bridge {
  const signal = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  // A worker that cannot load would never answer: it reports the failure as a reply instead,
  // so the caller gets a diagnostic at once rather than at the time limit.
  const fail = `(error) => {
      const { workerData } = require('node:worker_threads')
      workerData.port.postMessage({ id: 0, reply: { ok: false, name: 'WorkerStartError', message: String(error && error.message || error) } })
      Atomics.add(workerData.signal, 0, 1)
      Atomics.notify(workerData.signal, 0)
    }`
  const boot = workerBootCode(import.meta.url, 'extract-worker', fail)
  const worker = new Worker(boot, {
    eval: true,
    workerData: { port: port2, signal },
    transferList: [port2],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    // The worker's console is silenced; what it prints anyway must not reach the user's terminal.
    stdout: true,
    stderr: true,
  })
  // An idle worker must not keep `brief` running after its work is done.
  worker.unref()
  port1.unref()
  worker.on('error', () => {
    // Reported to the waiting caller as a timeout or a WorkerStartError reply; nothing to do here.
  })
  return { worker, port: port1, signal }
}

/** Stops the worker (a later call starts a new one). */
export function stopExtractWorker(): void {
  if (!bridge) return
  void bridge.worker.terminate()
  bridge.port.close()
  bridge = null
}

/**
 * Runs an extraction job in the worker thread and blocks until it answers or `timeoutMs`
 * passes; the worker starts on the first call. Never throws for what the job meets: a
 * library error, a worker that cannot start or a timeout come back as `{ ok: false }`.
 */
export function extractSync<T>(job: ExtractJob, timeoutMs: number): ExtractReply<T> {
  bridge ??= start()
  const { worker, port, signal } = bridge
  const id = nextId++
  // The bytes are copied, not transferred: the caller keeps its buffer. A view into a larger
  // buffer (Node's pooled small Buffers) is copied alone, not with the whole pool.
  const whole = job.bytes.byteOffset === 0 && job.bytes.byteLength === job.bytes.buffer.byteLength
  worker.postMessage({ id, job: whole ? job : { ...job, bytes: job.bytes.slice() } } satisfies WorkerRequest)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    // Read the counter before looking at the port: a reply posted in between changes the
    // counter, and the wait below returns at once instead of sleeping past it.
    const seen = Atomics.load(signal, 0)
    const received = receiveMessageOnPort(port)
    if (received) {
      const message = received.message as WorkerReply
      if (message.id === id) return message.reply as ExtractReply<T>
      if (message.id === 0) {
        stopExtractWorker()
        return message.reply as ExtractReply<T>
      }
      continue // a reply to an earlier call that timed out
    }
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      // The worker may be stuck in a loop on this file: end it, so the next file gets a fresh one.
      stopExtractWorker()
      return { ok: false, name: 'timeout', message: `no answer within ${Math.round(timeoutMs / 1000)} s` }
    }
    Atomics.wait(signal, 0, seen, remaining)
  }
}
