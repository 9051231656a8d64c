import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import { runBrief } from '../helpers/cli.js'
import { SEEDS_DIR, seedsPresent } from '../helpers/seeds.js'

const FIXTURES = new URL('../fixtures/', import.meta.url)
let dir: string

function put(name: string, content: string | Buffer): void {
  const path = join(dir, 'sources', name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content)
  // A distinct mtime, as a later edit on a real disk would have.
  const now = Date.now() / 1000 + Math.random()
  utimesSync(path, now, now)
}

function fixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES))
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-ws-'))
  mkdirSync(join(dir, 'sources'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the library', () => {
  it('indexes new files, re-reads only changed ones, follows renames and forgets removed ones', () => {
    put('brief.txt', fixture('outline-text/institute-brief.txt'))
    put('news.txt', fixture('news-text/wire-story.txt'))
    const library = Library.open(dir)
    try {
      const first = library.sync()
      expect(first.added.sort()).toEqual(['lee2024seoul', 'park2024maritime'])
      expect(library.sync()).toMatchObject({ added: [], updated: [], removed: [], renamed: [], unchanged: 2 })

      put('news.txt', fixture('news-text/wire-story.txt').toString().replace('two patrol ships', 'three patrol ships'))
      expect(library.sync()).toMatchObject({ added: [], updated: ['lee2024seoul'], removed: [] })
      expect(library.search('three patrol ships').map((h) => h.sourceId)).toEqual(['lee2024seoul'])
      expect(library.search('"two patrol ships"').map((h) => h.text)).toEqual([])

      renameSync(join(dir, 'sources/brief.txt'), join(dir, 'sources/renamed.txt'))
      const renamed = library.sync()
      expect(renamed.renamed).toEqual([{ from: 'sources/brief.txt', to: 'sources/renamed.txt', id: 'park2024maritime' }])
      expect(library.source('park2024maritime')?.file).toBe('sources/renamed.txt')

      rmSync(join(dir, 'sources/news.txt'))
      expect(library.sync().removed).toEqual(['lee2024seoul'])
      expect(library.sources().map((s) => s.id)).toEqual(['park2024maritime'])
      expect(library.search('Manila')).toEqual([])
    } finally {
      library.close()
    }
  })

  it('removes every deleted copy when two files had the same content', () => {
    put('one.txt', fixture('news-text/wire-story.txt'))
    put('copy.txt', fixture('news-text/wire-story.txt'))
    const library = Library.open(dir)
    try {
      library.sync()
      expect(library.sources().map((s) => s.id).sort()).toEqual(['lee2024seoul', 'lee2024seoula'])
      rmSync(join(dir, 'sources/one.txt'))
      rmSync(join(dir, 'sources/copy.txt'))
      expect(library.sync().removed.sort()).toEqual(['lee2024seoul', 'lee2024seoula'])
      expect(library.sources()).toEqual([])
    } finally {
      library.close()
    }
  })

  it('is rebuilt from sources/ with the same ids when .brief/ is deleted', () => {
    put('a.txt', fixture('outline-text/institute-brief.txt'))
    put('b.txt', fixture('outline-text/institute-brief.txt').toString().replace('Options for cooperation', 'Other options'))
    let library = Library.open(dir)
    library.sync()
    const before = library.sources().map((s) => [s.id, s.path])
    library.close()
    rmSync(join(dir, '.brief'), { recursive: true })
    library = Library.open(dir)
    library.sync()
    expect(library.sources().map((s) => [s.id, s.path])).toEqual(before)
    // Two files with one citation key: the second in path order gets a suffix, its claims too.
    expect(before.map(([id]) => id).sort()).toEqual(['park2024maritime', 'park2024maritimea'])
    expect(library.search('Other options', { source: 'park2024maritimea' })).toEqual([])
    expect(library.search('decommissioned', { source: 'park2024maritimea' })[0]?.id).toMatch(/^park2024maritimea\.[0-9a-z]{5}$/)
    library.close()
  })

  it('matches English inflections, exact phrases, Korean inside words, and mixed queries', () => {
    put('brief.txt', fixture('outline-text/institute-brief.txt'))
    put('korean.txt', fixture('outline-text/korean-brief.txt'))
    put('news.txt', fixture('news-text/wire-story.txt'))
    const library = Library.open(dir)
    try {
      library.sync()
      // "vessel" finds "vessels"; "agreements" finds "agreement".
      expect(library.search('vessel').map((h) => h.text)).toContain('Transfer of decommissioned patrol vessels')
      expect(library.search('agreements').map((h) => h.sourceId)).toContain('lee2024seoul')
      expect(library.search('"coast guard training"').map((h) => h.sourceId)).toEqual(['lee2024seoul'])
      // 공급망 inside 공급망 협력을, and a two-syllable query inside a longer word.
      const korean = library.search('공급망')
      expect(korean.length).toBeGreaterThan(0)
      expect(korean.every((h) => h.text.includes('공급망'))).toBe(true)
      expect(library.search('비축').map((h) => h.text)).toEqual(['핵심 광물 공동 비축 체계를 마련할 필요가 있음'])
      expect(library.search('공급망 Korea')).toEqual([])
      // Ranking: the claim with both words comes before claims with one of them.
      const ranked = library.search('transfer patrol')
      expect(ranked.length).toBeGreaterThan(1)
      expect(ranked[0]!.text).toBe('Transfer of decommissioned patrol vessels')
      const hit = library.search('patrol vessels')[0]!
      expect(hit.highlights.map(([s, e]) => hit.text.slice(s, e))).toEqual(['patrol', 'vessels'])
    } finally {
      library.close()
    }
  })

  it('shows the newest matches, unranked, when a query matches more claims than the cap, and says so', () => {
    put('old.md', '---\ntitle: Old harbors\ndate: 2024-01-02\n---\n\nThe first harbor opened in May. The second harbor closed in June.\n\nA third harbor was sold.\n')
    const library = Library.open(dir)
    try {
      library.sync()
      put('new.md', '---\ntitle: New harbors\ndate: 2025-01-02\n---\n\nThe fourth harbor opened in May. The fifth harbor closed in June.\n')
      library.sync()
      const all = library.find('harbor', { rankCap: Number.POSITIVE_INFINITY })
      expect(all.capped).toBe(false)
      expect(all.hits).toHaveLength(5)
      expect(all.hits.every((h) => typeof h.score === 'number')).toBe(true)
      const capped = library.find('harbor', { rankCap: 2 })
      expect(capped.capped).toBe(true)
      // Newest first: every hit of the file added last comes before those of the first.
      const order = capped.hits.map((h) => h.sourceId)
      expect(order).toEqual(['anon2025harbors', 'anon2025harbors', 'anon2024old', 'anon2024old', 'anon2024old'])
      expect(capped.hits.every((h) => h.score === null)).toBe(true)
      expect(new Set(capped.hits.map((h) => h.id))).toEqual(new Set(all.hits.map((h) => h.id)))
      // Exactly at the cap there is nothing left out, so the hits are ranked.
      expect(library.find('harbor', { rankCap: all.hits.length }).capped).toBe(false)
      // A filter can exclude the newest matches, so a filtered search always ranks.
      expect(library.find('harbor', { rankCap: 2, source: 'anon2024old' }).capped).toBe(false)
    } finally {
      library.close()
    }
  })

  it('filters by source, publisher, kind, date and speaker', () => {
    put('brief.txt', fixture('outline-text/institute-brief.txt'))
    put('news.txt', fixture('news-text/wire-story.txt'))
    put('post.json', fixture('wordpress-json/posts-array-embedded.json'))
    const library = Library.open(dir)
    try {
      library.sync()
      expect(library.sources({ kind: 'news' }).map((s) => s.id)).toEqual(['lee2024seoul'])
      expect(library.sources({ since: '2025-01-01' }).map((s) => s.id)).toEqual(['park2025coast'])
      expect(library.sources({ until: '2024-03-10' }).map((s) => s.id)).toEqual(['lee2024seoul'])
      expect(library.sources({ since: '2024-03-01', until: '2024-03-31' }).map((s) => s.id)).toEqual(['park2024maritime', 'lee2024seoul'])
      expect(library.search('coast guard', { publisher: 'Hanbit News' }).every((h) => h.sourceId === 'lee2024seoul')).toBe(true)
      expect(library.search('cooperation', { speaker: 'Han Seo-yeon' }).map((h) => h.speaker)).toEqual(['Han Seo-yeon'])
      expect(library.search('coast', { limit: 1 })).toHaveLength(1)
    } finally {
      library.close()
    }
  })
})

describe('related claims', () => {
  it('finds what other sources say alike, and marks a reprint of the same story as not independent', () => {
    const story = fixture('news-text/wire-story.txt').toString()
    put('wire.txt', story)
    // The same article as an aggregator reprints it: another banner, title line and footer.
    put('reprint.txt', `Friday, 08 March 2024 10:00 GMT\n\nSeoul, Manila sign pact\n\n${story.split('\n\n').slice(6, 9).join('\n\n')}\n\nMENAFN08032024000159011032ID1107770000\n`)
    put('analysis.txt', 'Coast guard ties in Asia\n\nPosted March. 20, 2024 10:00\n\nManila signed a pact with Seoul to expand coast guard training, and the deal covers joint drills and two patrol ships. Analysts expect more such deals this year.\n')
    const library = Library.open(dir)
    try {
      library.sync()
      const [claim] = library.search('"expand coast guard training"', { source: 'lee2024seoul' })
      const related = library.related(claim!.id)!
      const bySource = new Map(related.map((r) => [r.sourceId, r]))
      expect([...bySource.keys()].sort()).toEqual(['anon2024coast', 'hanbitnews2024seoul'])
      expect(bySource.get('hanbitnews2024seoul')).toMatchObject({ score: 1, sameStory: true })
      expect(bySource.get('anon2024coast')!.sameStory).toBe(false)
      expect(bySource.get('anon2024coast')!.score).toBeGreaterThan(0.3)
      expect(library.related('nope.abcde')).toBeNull()
    } finally {
      library.close()
    }
  })
})

describe('library commands', () => {
  it('ingest copies files in, skips what is already there, and prints what was read', async () => {
    const from = join(dir, 'incoming')
    mkdirSync(from)
    copyFileSync(new URL('news-text/wire-story.txt', FIXTURES), join(from, 'story.txt'))
    const first = await runBrief(['ingest', join(from, 'story.txt'), '--workspace', dir])
    expect(first.code).toBe(0)
    expect(first.stdout).toBe('lee2024seoul  Seoul and Manila sign coast guard pact  2024-03-04  6 claims  (sources/story.txt)\n')
    const again = await runBrief(['ingest', join(from, 'story.txt'), '--workspace', dir])
    expect(again.stdout).toBe('1 already in the library, not copied again\n')
    const missing = await runBrief(['ingest', join(from, 'nope.txt'), '--workspace', dir])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot read `.*nope\.txt`: no such file or folder/)
  })

  it('claims search says when a query matches too many claims to rank, and --all ranks them', async () => {
    const lines = Array.from({ length: 20_001 }, (_, i) => `Harbor number ${i} reopened.`)
    put('many.md', `---\ntitle: Many harbors\n---\n\n${lines.join('\n\n')}\n`)
    const broad = await runBrief(['claims', 'search', 'harbor', '--limit', '2', '--workspace', dir])
    expect(broad.code).toBe(0)
    expect(broad.stdout).toContain('«Harbor» number 20000 reopened.\n2. ')
    expect(broad.stderr).toBe(
      'note: more than 20,000 claims match `harbor`, too many to rank quickly; these are the most recently added. ' +
        'Add words or a filter (--source, --since, --kind…) to narrow it, or --all to rank every match.\n',
    )
    const ranked = await runBrief(['claims', 'search', 'harbor', '--limit', '2', '--all', '--json', '--workspace', dir])
    expect(ranked.stderr).toBe('')
    expect((JSON.parse(ranked.stdout) as Array<{ score: number | null }>).every((h) => typeof h.score === 'number')).toBe(true)
  })

  it('show prints a claim with its source, section and context, and suggests ids for a typo', async () => {
    put('brief.txt', fixture('outline-text/institute-brief.txt'))
    const search = await runBrief(['claims', 'search', 'decommissioned', '--json', '--workspace', dir])
    const [hit] = JSON.parse(search.stdout) as Array<{ id: string }>
    const shown = await runBrief(['show', hit!.id, '--workspace', dir])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('  section  Options for cooperation › Coast guard capacity building\n')
    expect(shown.stdout).toContain('> Transfer of decommissioned patrol vessels\n')
    const typo = await runBrief(['show', 'park2024maritme', '--workspace', dir])
    expect(typo.code).toBe(1)
    expect(typo.stderr).toBe('brief: no source or claim `park2024maritme` in the library; did you mean `park2024maritime`?\n')
  })
})

describe.skipIf(!seedsPresent)('issue 3, done when (../shared/seeds)', () => {
  it('finds the forced-labor claims in the Sejong brief and the Korea Pro article', async () => {
    for (const name of ['000_e7fd93e848d4610c.txt', '004_7d00f2fb154a224e.txt', '001_e6f95dff264adc06.txt']) {
      copyFileSync(`${SEEDS_DIR}${name}`, join(dir, 'sources', name))
    }
    const run = await runBrief(['claims', 'search', 'forced labor', '--json', '--workspace', dir])
    const hits = JSON.parse(run.stdout) as Array<{ sourceId: string; text: string }>
    expect(new Set(hits.map((h) => h.sourceId))).toEqual(new Set(['jin2023indopacific', 'koreapro2024south', 'shin2022yoon']))
    expect(hits.every((h) => /forced labor/i.test(h.text))).toBe(true)

    const sejong = hits.find((h) => h.sourceId === 'jin2023indopacific' && /issue of forced labor/.test(h.text)) as { id: string } | undefined
    const related = await runBrief(['claims', 'related', sejong!.id, '--json', '--workspace', dir])
    const found = JSON.parse(related.stdout) as Array<{ sourceId: string; text: string; sameStory: boolean }>
    expect(found.filter((r) => r.sourceId === 'koreapro2024south').map((r) => r.text)).toEqual([
      expect.stringContaining('compensate Korean victims of Japanese forced labor'),
    ])
    expect(found.every((r) => !r.sameStory)).toBe(true)
  })
})

describe('ingest from the web and workspace checks', () => {
  it('downloads a page, keeps its address beside it, and records it in meta.url', async () => {
    const { createServer } = await import('node:http')
    const server = createServer((req, res) => {
      if (req.url === '/mislabeled') {
        // The header says EUC-KR; the bytes are UTF-8. The content decides.
        res.writeHead(200, { 'content-type': 'text/html; charset=euc-kr' })
        res.end('<!doctype html><html lang="ko"><head><title>항만 보고서</title></head><body><article><h1>항만 보고서</h1><p>부산항의 물동량이 늘었다. 정부는 추가 투자를 검토하고 있다.</p></article></body></html>')
        return
      }
      if (req.url === '/old') {
        res.writeHead(301, { location: '/2025/05/ports-report/' })
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end('<!doctype html><html lang="en"><head><title>Ports report</title><meta name="author" content="Ana Ruiz"><meta property="article:published_time" content="2025-05-02"></head><body><article><h1>Ports report</h1><p>Container traffic in Busan grew by a tenth last year. Officials expect the same this year.</p></article></body></html>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as { port: number }).port
    try {
      const run = await runBrief(['ingest', `http://127.0.0.1:${port}/old`, '--workspace', dir])
      expect(run.code).toBe(0)
      expect(run.stdout).toBe('ruiz2025ports  Ports report  2025-05-02  2 claims  (sources/ports-report.html)\n')
      const note = JSON.parse(readFileSync(join(dir, 'sources/ports-report.html.source.json'), 'utf8')) as { url: string }
      expect(note.url).toBe(`http://127.0.0.1:${port}/2025/05/ports-report/`)
      const shown = await runBrief(['show', 'ruiz2025ports', '--json', '--workspace', dir])
      expect((JSON.parse(shown.stdout) as { meta: { url: string } }).meta.url).toBe(note.url)
      const korean = await runBrief(['ingest', `http://127.0.0.1:${port}/mislabeled`, '--json', '--workspace', dir])
      expect((JSON.parse(korean.stdout) as Array<{ title: string }>)[0]!.title).toBe('항만 보고서')
      const bad = await runBrief(['ingest', `http://127.0.0.1:${port}/missing`.replace('http', 'ftp'), '--workspace', dir])
      expect(bad.code).toBe(1)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('refuses to treat a folder without sources/ as a workspace', async () => {
    rmSync(join(dir, 'sources'), { recursive: true })
    const run = await runBrief(['sources', '--workspace', dir])
    expect(run.code).toBe(3)
    expect(run.stderr).toBe(`brief: \`${dir}\` is not a workspace: it has no sources/ folder; run \`brief ingest FILE\` there, or pass --workspace DIR\n`)
  })
})

describe('progress', () => {
  it('draws a progress line on a terminal for many files, and none with --quiet or off a terminal', async () => {
    const { runCli } = await import('../../src/cli/main.js')
    for (let i = 0; i < 60; i++) put(`n${i}.txt`, `Note ${i}\n\nPosted March. 04, 2024 09:30\n\nShips number ${i} reached the port of Busan on Monday after a long voyage.\n`)
    let stderr = ''
    const code = await runCli(['sources', '--workspace', dir], { stdout: () => {}, stderr: (t) => void (stderr += t), interactive: true })
    expect(code).toBe(0)
    expect(stderr).toBe('\rreading sources 0/60…\r\x1b[K')
    const plain = await runBrief(['sources', '--workspace', dir])
    expect(plain.stderr).toBe('')
  })
})
