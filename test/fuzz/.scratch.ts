import { readFileSync } from 'node:fs'
import { readSource } from '../../src/readers/index.js'
for (const f of ['with-contents.txt', 'korean-brief.txt']) {
const base = readFileSync('test/fixtures/outline-text/' + f, 'utf8')
const at = Math.floor(base.length * 0.5)
for (const c of [' ', '_', '.', '\t', '-']) {
  const text = base.slice(0, at) + c.repeat(200000) + base.slice(at)
  const t = performance.now()
  readSource(Buffer.from(text), { file: 'x.txt' })
  console.log(f, JSON.stringify(c), (performance.now() - t).toFixed(0))
}}
