import { Worker } from 'node:worker_threads'
import type { Source } from '../model/source.js'
import type { ParseJob } from './parse-worker.js'

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
      // Compiled, the worker is JavaScript beside this file; from the TypeScript sources
      // (tests, tsx) it needs tsx too.
      if (!import.meta.url.endsWith('.ts')) return new ParsePool(new Worker(new URL('./parse-worker.js', import.meta.url)))
      // `--import tsx` does not reach a worker's loader: register tsx inside it, then load.
      const worker = new URL('./parse-worker.ts', import.meta.url).href
      const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(worker)}) })`
      return new ParsePool(new Worker(boot, { eval: true }))
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
