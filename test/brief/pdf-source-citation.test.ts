import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import { runBrief } from '../helpers/cli.js'
import { dredgingPdf } from '../helpers/pdf-source.js'

/* A claim read from a PDF source keeps its page, and a brief that quotes it cites that page. */
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-pdf-cite-'))
  mkdirSync(join(dir, 'sources'))
  mkdirSync(join(dir, 'briefs'))
  const pdf = await dredgingPdf()
  writeFileSync(join(dir, 'sources', 'dredging.pdf'), pdf)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('claims from a PDF source', () => {
  it('are stored with their page, and a brief that quotes one cites the page', async () => {
    const library = Library.open(dir)
    let id: string
    try {
      library.sync()
      const hit = library.search('"harder"')[0]!
      id = hit.id
      const pages = new Map(library.claimsOf(hit.sourceId).map((c) => [c.text, c.page]))
      expect(pages.get('The channel was deepened to seventeen metres in the first phase of the project.')).toBe(1)
      expect(pages.get('The second phase of the dredging will cost more than the first because the rock is harder.')).toBe(2)
    } finally {
      library.close()
    }
    writeFileSync(join(dir, 'briefs', 'cost.md'), `---\ntitle: Dredging costs\ndate: 2025-01-10\ncitation-style: chicago-note\n---\n\n## Cost\n\n:claim[${id}]\n`)
    const run = await runBrief(['build', join(dir, 'briefs', 'cost.md'), '--workspace', dir, '--to', 'md'])
    expect(run.code, run.stderr).toBe(0)
    const markdown = readFileSync(join(dir, 'out', 'cost.md'), 'utf8')
    expect(markdown).toContain('The second phase of the dredging will cost more than the first because the rock is harder.')
    expect(markdown).toMatch(/^\[\^1\]: Mina Seo, “Harbour Dredging and the Southern Ports,” .*, 2\.$/m)
  })

  it('show their page in `brief outline` and `brief show`', async () => {
    const outline = await runBrief(['outline', join(dir, 'sources', 'dredging.pdf')])
    expect(outline.code, outline.stderr).toBe(0)
    expect(outline.stdout).toMatch(/^ *· \[[^\]]+\] The channel was deepened to seventeen metres in the first phase of the project\.  \(p\. 1\)$/m)
    expect(outline.stdout).toMatch(/^ *· \[([^\]]+)\] The second phase of the dredging will cost more than the first because the rock is harder\.  \(p\. 2\)$/m)
    const id = /\[([^\]]+)\] The second phase/.exec(outline.stdout)![1]!
    const show = await runBrief(['show', id, '--workspace', dir])
    expect(show.code, show.stderr).toBe(0)
    expect(show.stdout).toContain('\n  page     2\n')
  })
})
