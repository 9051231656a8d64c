import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FORMATS, readSource } from '../../src/readers/index.js'
import type { Source } from '../../src/model/source.js'
import { claimsOf } from '../helpers/seeds.js'

// Property tests over every reader: for any mixture of the lines real sources are made
// of (markers, boilerplate, stamps, prose in three scripts, stray markup), reading never
// throws, every claim points at its own text, and claim ids are unique within the source.
const LINES = [
  '■ Section heading', '1. Subsection', '1) Deeper', '(2) Item', '① Circled', '가. 항목', 'Ⅱ. 로마 숫자', 'A. Letter',
  '❍ A bullet claim with two sentences. It goes on.', '- dash bullet', '* star bullet', '※ note', 'ㅇ 한국식 글머리표',
  'Go to contents', 'Posted November. 09, 2022 08:11', 'Updated Nov. 10, 2022', '한국어', 'Search', 'Legal Disclaimer:',
  'MENAFN10062025000159011032ID1109658283', '(MENAFN- Some Wire) This article, originally published by A Forum , is republished with permission.',
  'Copyright: Some Syndicate', 'Jane Roe jroe@example.org', 'Kim Min-ji, a senior fellow at the Hanbit Institute, said the U.S. would act.',
  'He noted that 0.74 percent is small.', '“It works. It really does,” said Lee Ha-eun.', '양국은 협력을 강화하기로 했다. 정부는 환영했다.',
  '両国の協力が進んでいる。課題も残る。', '两国合作不断加强！前景如何？', 'Date 2023-10-10 View 1,330 Writer JIN Chang Soo',
  '<p>markup</p>', '</span></p>', '{"title":', '---', 'title: x', '# Heading', '> quote', '| a | b |', '', ' ', '\u00a0', '\t',
]

const documents = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 40 })), { maxLength: 40 }).map((lines) => lines.join('\n'))

function check(source: Source): void {
  const claims = claimsOf(source.sections)
  for (const c of claims) {
    expect(source.text.slice(c.start, c.end)).toBe(c.text)
    expect(c.text.trim()).toBe(c.text)
    expect(c.text.length).toBeGreaterThan(0)
  }
  expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length)
  for (const d of source.diagnostics) {
    expect(d.line).toBeGreaterThanOrEqual(1)
    expect(d.column).toBeGreaterThanOrEqual(1)
  }
}

describe('every reader, on generated input', () => {
  it.each(FORMATS)('%s keeps provenance and never throws', (format) => {
    fc.assert(
      fc.property(documents, (text) => {
        check(readSource(Buffer.from(text), { file: 'generated', format }))
      }),
      { numRuns: 150 },
    )
  })

  it('detection picks a reader for anything, and reading the same bytes twice gives the same Source', () => {
    fc.assert(
      fc.property(documents, (text) => {
        const a = readSource(Buffer.from(text), { file: 'generated' })
        check(a)
        expect(readSource(Buffer.from(text), { file: 'generated' })).toEqual(a)
      }),
      { numRuns: 200 },
    )
  })
})
