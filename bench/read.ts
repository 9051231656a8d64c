// One benchmark scenario in its own process, so peak memory is its own.
// Usage: node --import tsx bench/read.ts FORMAT COUNT | big BYTES
import { readSource } from '../src/readers/index.js'
import { GENERATORS, bigText, rng } from './corpus.js'
import type { SourceFormat } from '../src/model/source.js'

const [mode, arg] = process.argv.slice(2)
let inputs: Uint8Array[]
let format: SourceFormat | undefined
if (mode === 'big') {
  inputs = [Buffer.from(bigText(Number(arg)))]
} else {
  format = mode as SourceFormat
  const generate = GENERATORS[format]
  if (!generate) throw new Error(`no generator for \`${mode}\``)
  const r = rng(42)
  inputs = Array.from({ length: Number(arg) }, (_, i) => Buffer.from(generate(r, i)))
}
const bytes = inputs.reduce((n, b) => n + b.length, 0)
// Warm up the JIT on a few documents, as a long-running process would be.
for (const input of inputs.slice(0, 5)) readSource(input.length > 1e6 ? input.subarray(0, 200_000) : input, { file: 'warmup' })
const rssBefore = process.memoryUsage().rss
const started = process.hrtime.bigint()
let claims = 0
for (const input of inputs) {
  const source = readSource(input, { file: 'bench' })
  if (format && source.format !== format) throw new Error(`detected \`${source.format}\`, expected \`${format}\``)
  for (const s of source.sections) claims += s.claims.length
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9
const peakRss = process.resourceUsage().maxRSS * 1024
process.stdout.write(JSON.stringify({ docs: inputs.length, bytes, seconds, claims, peakRss, rssBefore }))
