// Reads sources in a worker thread, so that a large sync parses the next files while the
// main thread writes the last ones to SQLite (parsing and writing take about as long).
import { parentPort } from 'node:worker_threads'
import { readSource } from '../readers/index.js'

export interface ParseJob {
  seq: number
  path: string
  bytes: Uint8Array
  charset?: string | null | undefined
}

parentPort?.on('message', (job: ParseJob) => {
  try {
    parentPort!.postMessage({ seq: job.seq, source: readSource(job.bytes, { file: job.path, charset: job.charset }) })
  } catch (error) {
    parentPort!.postMessage({ seq: job.seq, error: error instanceof Error ? error.message : String(error) })
  }
})
