import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readSource } from '../src/readers/index.js'
import { spawnBrief } from './helpers/cli.js'
import { claimsOf } from './helpers/seeds.js'
import type { Source } from '../src/model/source.js'

// Hostile and broken input: each case must give diagnostics and a usable Source,
// never an exception or a hang. Time limits here are generous ceilings against
// hangs, not benchmarks (those are in bench/).
function read(bytes: Uint8Array | string, file = 'hostile.txt'): Source {
  const source = readSource(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, { file })
  for (const c of claimsOf(source.sections)) expect(source.text.slice(c.start, c.end)).toBe(c.text)
  return source
}

const rules = (s: Source): string[] => s.diagnostics.map((d) => d.rule)

describe('hostile input', () => {
  it('an empty file', () => {
    const s = read('')
    expect(rules(s)).toEqual(['empty-input'])
    expect(s.sections).toEqual([])
  })

  it('a file of whitespace only', () => {
    expect(rules(read(' \n\t\n\u00a0\n'))).toEqual(['empty-input'])
  })

  it('a binary file', () => {
    const bytes = Buffer.alloc(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256
    const s = read(bytes, 'image.png')
    expect(rules(s)).toEqual(['binary-input'])
    expect(s.diagnostics[0]!.severity).toBe('error')
    expect(s.text).toBe('')
  })

  it('invalid UTF-8 throughout', () => {
    const bytes = Buffer.alloc(3000)
    for (let i = 0; i < bytes.length; i++) bytes[i] = 0x80 + (i % 60)
    const s = read(bytes)
    expect(rules(s)).toContain('encoding-guessed')
  })

  it('a 20 MB text', () => {
    const paragraph = 'Seoul and Tokyo agreed to expand drills in the East Sea. The U.S. welcomed the step on Nov. 9, officials said.\n\n'
    const text = `Big article\n\n${paragraph.repeat(Math.ceil((20 << 20) / paragraph.length))}`
    const started = Date.now()
    const s = read(text)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(claimsOf(s.sections).length).toBeGreaterThan(300_000)
  })

  it('one 5 MB line with no punctuation', () => {
    const s = read('word '.repeat(1 << 20))
    expect(claimsOf(s.sections)).toHaveLength(1)
  })

  it('truncated JSON', () => {
    const s = read('{"title":{"rendered":"Half a post"},"content":{"rendered":"<p>First sentence here. Second', 'post.json')
    expect(s.format).toBe('wordpress-json')
    expect(s.meta.title).toBe('Half a post')
    expect(rules(s)).toContain('truncated-input')
    expect(claimsOf(s.sections).map((c) => c.text)).toContain('First sentence here.')
  })

  it('JSON nested 100,000 levels deep', () => {
    const s = read('['.repeat(100_000), 'deep.json')
    expect(s.diagnostics.length).toBeGreaterThan(0)
  })

  it('HTML nested 10,000 levels deep', () => {
    const html = `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(10_000)}<p>The deep paragraph is still read.</p>${'</div>'.repeat(10_000)}</body></html>`
    const s = read(html, 'deep.html')
    expect(rules(s)).toContain('deep-nesting')
    expect(claimsOf(s.sections).map((c) => c.text)).toContain('The deep paragraph is still read.')
  })

  it('HTML with scripts, styles and event handlers', () => {
    const html = `<!doctype html><html><head><title>Page</title><style>p{color:red}</style><script>document.write("INJECTED SCRIPT TEXT")</script></head>
<body><article><h1>Page</h1><p onclick="alert(1)">A real paragraph about ports and shipping lanes. It has two sentences.</p>
<script>var fake = "FAKE CLAIM FROM SCRIPT";</script><noscript>NOSCRIPT TEXT</noscript></article></body></html>`
    const s = read(html, 'page.html')
    const texts = claimsOf(s.sections).map((c) => c.text)
    expect(texts).toContain('A real paragraph about ports and shipping lanes.')
    expect(s.text).not.toMatch(/INJECTED|FAKE CLAIM|color:red/)
  })

  it('adversarial strings for the sentence and outline patterns', () => {
    const inputs = ['.'.repeat(200_000), 'U.S.'.repeat(100_000), `■ ${'1. '.repeat(50_000)}`, `${'A, '.repeat(100_000)}said`, '❍ '.repeat(100_000), `(${'('.repeat(50_000)}`]
    for (const input of inputs) {
      const started = Date.now()
      read(input)
      expect(Date.now() - started, `input starting ${JSON.stringify(input.slice(0, 12))}`).toBeLessThan(5_000)
    }
  })
})

describe('the CLI on hostile input', () => {
  it('prints a diagnostic, not a stack trace, and exits 1 for a binary file', async () => {
    const run = await spawnBrief(['outline', 'package-lock.json', '--format', 'html'])
    expect(run.code).toBe(0)
    const binary = await spawnBrief(['outline', 'node_modules/esbuild/bin/esbuild'])
    expect(binary.stderr).toMatch(/^node_modules\/esbuild\/bin\/esbuild:1:1: error binary-input /m)
    expect(binary.stderr).not.toMatch(/\n\s+at /)
    expect(binary.code).toBe(1)
  })
})

describe('brief outline -', () => {
  it('reads the source from standard input', async () => {
    const run = await spawnBrief(['outline', '-', '--json'], { stdin: '■ Ports\n\n❍ Shipping lanes matter to Seoul\n' })
    expect(run.code).toBe(0)
    const source = JSON.parse(run.stdout) as Source
    expect(source.file).toBe('<stdin>')
    expect(claimsOf(source.sections).map((c) => c.text)).toEqual(['Shipping lanes matter to Seoul'])
  })
})

describe('bin/brief.js', () => {
  it('runs as installed and prints the version', async () => {
    const { readFileSync } = await import('node:fs')
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
    const run = await spawnBrief(['--version'], { bin: true })
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  // The compiled command loads the unified ecosystem, linkedom and yaml from the bundles in
  // dist/vendor/ (scripts/bundle.mjs); the sources load the packages. Same results.
  it.skipIf(!existsSync(new URL('../dist/vendor/unified.js', import.meta.url)))('reads HTML and Markdown and builds a brief with the bundled libraries as the sources do', async () => {
    for (const argv of [
      ['outline', 'test/fixtures/html/news-jsonld.html', '--json'],
      ['outline', 'test/fixtures/markdown/brief-frontmatter.md', '--json'],
      ['build', 'briefs/example.md', '--out', '-'],
    ]) {
      const [bundled, sources] = await Promise.all([spawnBrief(argv, { bin: true }), spawnBrief(argv)])
      expect(bundled.code, bundled.stderr).toBe(0)
      expect(bundled.stdout).toBe(sources.stdout)
      expect(bundled.stdout.length).toBeGreaterThan(500)
    }
  })
})
