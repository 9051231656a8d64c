import { readFileSync } from 'node:fs'
import { readSource } from '../../src/readers/index.js'
const fixture = readFileSync('test/fixtures/outline-text/with-contents.txt', 'utf8')
const at = fixture.indexOf('■ Where the crisis') + '■ Where the crisis'.length
const text = `${fixture.slice(0, at)}${'_'.repeat(200_000)}${fixture.slice(at)}`
const t = performance.now()
const s = readSource(Buffer.from(text), { file: 'w.txt', format: 'outline-text' })
console.log(performance.now() - t, s.diagnostics.map(d => d.rule + ' ' + d.message.slice(0, 90)), s.sections.map(x => [x.heading?.slice(0, 40), x.claims.length]))
const old = /[\s.·…_-]*\d{1,4}$/u
const line = 'Where the crisis' + '_'.repeat(50000) + ' left ports ........ 2'
const t2 = performance.now(); line.replace(old, ''); console.log('old', performance.now() - t2)
