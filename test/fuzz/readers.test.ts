import fc from 'fast-check'
import { afterAll, describe, it } from 'vitest'
import type { SourceFormat } from '../../src/model/source.js'
import { readSource } from '../../src/readers/index.js'
import { expectSoundSource, fuzzParameters, fuzzTimeout, hostileText, mutateAll, mutationArb, reportWorst, sourceCorpus, withinBudget, type Budget } from './fuzz-helpers.js'

// The five text readers (the PDF and DOCX readers have their own binary fuzzing).
const TEXT_FORMATS: readonly SourceFormat[] = ['outline-text', 'news-text', 'wordpress-json', 'html', 'markdown']

// Lines each reader treats specially: markers, boilerplate, markup, JSON fields, frontmatter.
const LINES = [
  '■ Section heading', '1. Subsection', '1) Deeper', '(2) Item', '① Circled', '가. 항목', 'Ⅱ. 로마 숫자', '❍ A bullet claim. It goes on.', '- dash', '* star', '※ note',
  'Posted November. 09, 2022 08:11', 'Updated Nov. 10, 2022', 'Copyright: Some Syndicate', 'Jane Roe jroe@example.org', 'Date 2023-10-10 View 1,330 Writer JIN',
  'Kim Min-ji, a senior fellow at the Hanbit Institute, said the U.S. would act.', '“It works. It really does,” said Lee Ha-eun.', '양국은 협력을 강화하기로 했다.', '両国の協力が進んでいる。',
  '<!doctype html><html><head><title>T</title></head><body>', '<article><h1>Head</h1><p>A paragraph. Another.</p>', '<ul><li>item</li></ul>', '<table><tr><td>cell</td></tr></table>',
  '<meta property="article:published_time" content="2024-01-02">', '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H"', '</div></body></html>',
  '{"id":1,"date":"2024-05-01T00:00:00","title":{"rendered":"A post"},"content":{"rendered":"<p>Text. More.</p>"}}', '[{"title":', '"content":{"rendered":"', '\\u003cp\\u003e',
  '---', 'title: A source', 'date: 2024-02-03', 'authors: [a, b]', 'x: &a [*a, *a]', '# Heading', '## Sub', '> quote', '| a | b |', '|---|---|', '```', '[link](http://x)', '[^1]: note',
  '', ' ', '\u00a0', '\t',
]

// About ten times the worst runs seen here (test/README.md has the figures): a base for
// start-up (JIT, lazy loading; at most 260 ms seen) and a cost per kilobyte, since a reader's
// time grows with its input (at most 2.3 ms/KB seen for generated text, 7 ms/KB for mutated
// files, whose long runs of `\n` or list markers are micromark's slowest linear cases).
const GENERATED: Budget = { baseMs: 2_500, msPerKB: 25 }
const MUTATED: Budget = { baseMs: 2_500, msPerKB: 75 }

function readWithin(suite: string, budget: Budget, bytes: Uint8Array, format: SourceFormat | undefined, file: string): void {
  const source = withinBudget(suite, budget, bytes.length, () => readSource(bytes, format ? { file, format } : { file }))
  expectSoundSource(source)
}

const encoder = new TextEncoder()

describe('every reader, on hostile generated text', () => {
  it.each([...TEXT_FORMATS, undefined])('%s never throws, keeps provenance and unique ids, within its time budget', (format) => {
    fc.assert(
      fc.property(hostileText(LINES), fc.constantFrom('x.txt', 'x.json', 'x.html', 'x.md', 'x'), (text, file) => {
        readWithin(`generated ${format ?? 'detected'}`, GENERATED, encoder.encode(text), format, file)
      }),
      fuzzParameters(120),
    )
  }, fuzzTimeout(120))
})

describe('every reader, on mutated fixtures', () => {
  const corpus = sourceCorpus()
  const formatOf = (path: string): SourceFormat | undefined => TEXT_FORMATS.find((f) => path.startsWith(`test/fixtures/${f}/`))

  it('the corpus holds every reader’s fixtures', () => {
    for (const format of TEXT_FORMATS) {
      if (!corpus.some(([path]) => formatOf(path) === format)) throw new Error(`no fixtures for \`${format}\` in test/fixtures/${format}/`)
    }
  })

  it.each([['its own reader', true], ['detection', false]] as const)('read by %s: no throw, provenance, unique ids, time budget', (_, forced) => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        const [path, bytes] = corpus[index]!
        readWithin(`mutated ${forced ? 'forced' : 'detected'}`, MUTATED, mutateAll(bytes, mutations), forced ? formatOf(path) : undefined, path)
      }),
      fuzzParameters(250),
    )
  }, fuzzTimeout(250))

  it('each fixture read by every other reader', () => {
    for (const [path, bytes] of corpus) for (const format of TEXT_FORMATS) readWithin('cross-read', GENERATED, bytes, format, path)
  })
})

afterAll(() => {
  if (process.env.FUZZ_VERBOSE) console.log(reportWorst())
})
