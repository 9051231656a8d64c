import { Worker } from 'node:worker_threads'
import type { Source } from '../model/source.js'
import type { ParseJob } from './parse-worker.js'
import { workerBootCode } from './worker-boot.js'

/**
 * One worker thread that reads sources. `parse` resolves with the Source, or with null if
 * the worker cannot be used (the caller then reads in its own thread).
 */
export class ParsePool {
  readonly #worker: Worker
  readonly #waiting = new Map<number, (source: Source | null) => void>()
  #seq = 0
  #broken = false

  private constructor(worker: Worker) {
    this.#worker = worker
    worker.on('message', (message: { seq: number; source?: Source; error?: string }) => {
      const resolve = this.#waiting.get(message.seq)
      this.#waiting.delete(message.seq)
      resolve?.(message.source ?? null)
    })
    worker.on('error', () => this.#fail())
    worker.on('exit', () => this.#fail())
  }

  /** A pool, or null where worker threads cannot run the readers. */
  static start(): ParsePool | null {
    try {
      return new ParsePool(new Worker(workerBootCode(import.meta.url, 'parse-worker'), { eval: true }))
    } catch {
      return null
    }
  }

  #fail(): void {
    this.#broken = true
    for (const resolve of this.#waiting.values()) resolve(null)
    this.#waiting.clear()
  }

  parse(path: string, bytes: Uint8Array, charset?: string | null): Promise<Source | null> {
    if (this.#broken) return Promise.resolve(null)
    const seq = this.#seq++
    return new Promise((resolve) => {
      this.#waiting.set(seq, resolve)
      const job: ParseJob = { seq, path, bytes, charset }
      this.#worker.postMessage(job)
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }
}
