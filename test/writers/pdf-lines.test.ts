import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mergeRuns } from '../../src/writers/pdf/lines.js'
import { loadPdfStack } from '../../src/writers/pdf/load.js'
import { runBrief } from '../helpers/cli.js'

/*
 * Two changes to how pdfmake handles words. The words of a line that follow each other in one
 * style are drawn with one text call (src/writers/pdf/lines.ts): the PDF must read the same,
 * the same text at the same places, with every link and note mark where it was. The words cut
 * from one piece of text are measured with the style of its first (src/writers/pdf/measure.ts):
 * the PDF must be the same, byte for byte.
 */
const ROOT = new URL('../../', import.meta.url)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-lines-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const font = {}
const bold = {}
const word = (text: string, x: number, width: number, extra: Record<string, unknown> = {}) => ({ text, x, width, font, fontSize: 10, color: '#111', opacity: 1, height: 12, ...extra })

describe('joining the words of a line', () => {
  it('joins plain words in one style that follow each other', () => {
    const runs = mergeRuns([word('Seoul ', 0, 30), word('and ', 30, 20), word('Tokyo ', 50, 31), word('agreed.', 81, 35)])
    expect(runs.map((r) => [r.text, r.x, r.width])).toEqual([['Seoul and Tokyo agreed.', 0, 116]])
  })

  it('keeps apart what must stay apart', () => {
    const runs = mergeRuns([
      word('Plain ', 0, 30),
      word('bold ', 30, 25, { font: bold }),
      word('red ', 55, 20, { color: '#f00' }),
      word('link ', 75, 20, { link: 'https://example.org' }),
      word('mark', 95, 5, { linkToDestination: 'note-1', sup: true }),
      word(' after ', 100, 30),
      word('gap ', 140, 20),
      word('under ', 160, 30, { decoration: 'underline' }),
      word('習', 190, 10),
      word('近', 200, 10),
      word('平', 210, 10),
    ])
    expect(runs.map((r) => r.text)).toEqual(['Plain ', 'bold ', 'red ', 'link ', 'mark', ' after ', 'gap ', 'under ', '習', '近', '平'])
  })

  it('leaves the words it was given as they were', () => {
    const words = [word('Seoul ', 0, 30), word('and ', 30, 20)]
    mergeRuns(words)
    expect(words.map((w) => w.text)).toEqual(['Seoul ', 'and '])
  })
})

interface Item {
  str: string
  x: number
  y: number
  width: number
}

async function read(file: string): Promise<{ items: Item[][]; links: string[][] }> {
  const pdf = await getDocumentProxy(new Uint8Array(readFileSync(file)))
  const items: Item[][] = []
  const links: string[][] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n)
    items.push(
      (await page.getTextContent()).items.flatMap((i) => ('str' in i && i.str.trim() ? [{ str: i.str, x: i.transform[4] as number, y: i.transform[5] as number, width: i.width }] : [])),
    )
    const annotations = (await page.getAnnotations()) as Array<{ url?: string; dest?: unknown; rect: number[] }>
    links.push(annotations.map((a) => `${a.url ?? String(a.dest)} ${a.rect.map((v) => v.toFixed(2)).join(',')}`))
  }
  return { items, links }
}

/** Builds `template`'s version of the example brief, with a line of every kind of text, into out/. */
async function buildExample(template: string, out: string): Promise<Buffer> {
  const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8').replace(/^template: .*$/m, `template: ${template}`)
  writeFileSync(join(dir, 'briefs', `${template}.md`), `${example}\nA line with **bold**, *italic*, \`code\`, [a link](https://example.org/x), ~~struck~~ and 習近平 蔣萬安 한국어 문장.\n`)
  const run = await runBrief(['build', join(dir, 'briefs', `${template}.md`), '--workspace', dir, '--to', 'pdf', '--out', join(dir, out)])
  expect(run.code, run.stderr).toBe(0)
  return readFileSync(join(dir, out, `${template}.pdf`))
}

describe('words measured with the style of their piece of text', () => {
  it.each(['sejong', 'memo', 'report'])('make the same PDF as words measured one by one, in %s', async (template) => {
    const shared = await buildExample(template, 'shared')
    const { TextInlines } = loadPdfStack() as unknown as { TextInlines: { prototype: { measure: { unpatched?: unknown } } } }
    const sharing = TextInlines.prototype.measure
    expect(sharing.unpatched).toBeTypeOf('function')
    TextInlines.prototype.measure = sharing.unpatched as typeof sharing
    let alone: Buffer
    try {
      alone = await buildExample(template, 'alone')
    } finally {
      TextInlines.prototype.measure = sharing
    }
    expect(shared.equals(alone)).toBe(true)
  })
})

describe('a brief drawn in runs', () => {
  it.each(['sejong', 'report'])('reads as it did word by word: text, places and links, in %s', async (template) => {
    const build = (out: string): Promise<Buffer> => buildExample(template, out)
    const runs = await build('runs')
    // The same build, word by word as pdfmake draws it.
    const { Renderer } = loadPdfStack() as unknown as { Renderer: { prototype: { renderLine: { unpatched?: unknown } } } }
    const joining = Renderer.prototype.renderLine
    Renderer.prototype.renderLine = joining.unpatched as typeof joining
    let words: Buffer
    try {
      words = await build('words')
    } finally {
      Renderer.prototype.renderLine = joining
    }
    // Fewer operators: a smaller file (the fonts are most of it).
    expect(runs.length).toBeLessThan(words.length - 2000)
    const [a, b] = await Promise.all([read(join(dir, 'runs', `${template}.pdf`)), read(join(dir, 'words', `${template}.pdf`))])
    expect(a.links).toEqual(b.links)
    expect(a.items.length).toBe(b.items.length)
    a.items.forEach((page, n) => {
      expect(page.map((i) => i.str).join('|'), `page ${n + 1}`).toBe(b.items[n]!.map((i) => i.str).join('|'))
      page.forEach((item, k) => {
        const other = b.items[n]![k]!
        expect(Math.abs(item.x - other.x) + Math.abs(item.y - other.y) + Math.abs(item.width - other.width), `${item.str} on page ${n + 1}`).toBeLessThan(0.01)
      })
    })
  })
})
