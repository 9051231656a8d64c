import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_QUOTE, splitSentences } from '../../src/outline/sentences.js'

const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end))

describe('splitSentences: basics', () => {
  it('splits after . ! ? followed by whitespace and a capital', () => {
    expect(split('Talks resumed in March. Did they help? Nobody knows! Time will tell.')).toEqual([
      'Talks resumed in March.',
      'Did they help?',
      'Nobody knows!',
      'Time will tell.',
    ])
  })

  it('returns exact, trimmed spans and never empty ones', () => {
    const text = '  First claim here.   Second one.  \n  '
    expect(splitSentences(text)).toEqual([
      { start: 2, end: 19 },
      { start: 22, end: 33 },
    ])
    expect(splitSentences('')).toEqual([])
    expect(splitSentences('   \n\n  \t')).toEqual([])
  })

  it('works on a sub-range with absolute offsets', () => {
    const text = 'IGNORED. Alpha one. Beta two. IGNORED.'
    const start = text.indexOf('Alpha')
    const end = text.indexOf(' IGNORED.', start)
    const spans = splitSentences(text, start, end)
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Alpha one.', 'Beta two.'])
    expect(spans[0]?.start).toBe(start)
  })

  it('rejects a bad range with a helpful error', () => {
    expect(() => splitSentences('abc', 2, 1)).toThrow(/bad range \[2, 1\).*0 <= start <= end/)
    expect(() => splitSentences('abc', 0, 9)).toThrow(RangeError)
  })

  it('splits after a digit, an opening quote or bracket', () => {
    expect(split('It grew. 2023 was different. “Not again,” they said. (A footnote.) Done.')).toEqual([
      'It grew.',
      '2023 was different.',
      '“Not again,” they said.',
      '(A footnote.)',
      'Done.',
    ])
  })

  it('keeps closing quotes and brackets inside the sentence', () => {
    expect(split('Officials called it “a first step toward wider expansion.” Critics disagreed.')).toEqual([
      'Officials called it “a first step toward wider expansion.”',
      'Critics disagreed.',
    ])
    expect(split('The pact was signed (in Manila.) Markets rose.')).toEqual([
      'The pact was signed (in Manila.)',
      'Markets rose.',
    ])
  })

  it('does not break before lowercase or without whitespace', () => {
    expect(split('Turnout fell. but not by much. Version 2.1.3 shipped.It was late.')).toEqual([
      'Turnout fell. but not by much.',
      'Version 2.1.3 shipped.It was late.',
    ])
  })

  it('handles ellipses', () => {
    expect(split('We waited… and waited... and then it came. They left… Nobody stayed... Then silence.')).toEqual([
      'We waited… and waited... and then it came.',
      'They left…',
      'Nobody stayed...',
      'Then silence.',
    ])
  })

  it('keeps decimals and percentages whole', () => {
    expect(split('His margin was just 0.48 percent. Output rose 1.5 times.')).toEqual([
      'His margin was just 0.48 percent.',
      'Output rose 1.5 times.',
    ])
  })
})

describe('splitSentences: abbreviations', () => {
  it('does not split "the U.S." before lowercase', () => {
    expect(split('As Manila prepares for its vote and the U.S. heads into an election year, allies watch.')).toHaveLength(1)
  })

  it('does not split dotted acronyms before names, but does before common sentence openers', () => {
    expect(split('The U.S. Congress and the U.K. Parliament met at the U.N. Security Council.')).toHaveLength(1)
    expect(split('Seoul sought closer ties with the U.S. The move angered some.')).toEqual([
      'Seoul sought closer ties with the U.S.',
      'The move angered some.',
    ])
    expect(split('Aid came from the U.K. However, it was late.')).toEqual([
      'Aid came from the U.K.',
      'However, it was late.',
    ])
    expect(split('He flew to the U.S. It was his first visit.')).toHaveLength(2)
    expect(split('Delegates met at the U.N. In the end, nothing changed.')).toHaveLength(2)
  })

  it('handles e.g., i.e. and etc.', () => {
    expect(split('Some partners (e.g. Canada) agreed, i.e. most of them.')).toHaveLength(1)
    expect(split('Many sectors, e.g. Chips and batteries, grew.')).toHaveLength(1)
    expect(split('They traded chips, cars, etc. and more. Exports rose.')).toEqual([
      'They traded chips, cars, etc. and more.',
      'Exports rose.',
    ])
  })

  it('never splits after titles', () => {
    const text =
      'Mr. Han, Mrs. Ito, Ms. Reyes, Dr. Patel, Prof. Lindqvist, Sen. Warner, Rep. Kim, Gov. Lee, ' +
      'Gen. Brown, Lt. Park, Col. Seo and Jr. Officer Cho met at St. Mary Hall.'
    expect(split(text)).toHaveLength(1)
    expect(split('It was Seoul vs. Tokyo all over again.')).toHaveLength(1)
  })

  it('does not split number prefixes before a number', () => {
    const text =
      'See No. 7 and Nos. 8 and 9, Vol. 2, pp. 10-12, p. 4, para. 9, sec. 3, Fig. 5 and Art. 9 for details.'
    expect(split(text)).toHaveLength(1)
    expect(split('The answer was No. Then they left.')).toHaveLength(2)
  })

  it('does not split month abbreviations before a date', () => {
    expect(split('Talks ran from Sept. 11 to Oct. 2 and again on Jan. 5 and Dec. 30 last year.')).toHaveLength(1)
  })

  it('does not split company suffixes unless a sentence opener follows', () => {
    expect(split('Hanwha Ocean Co. Ltd. and Acme Inc. Korea signed with Boeing Corp. yesterday.')).toHaveLength(1)
    expect(split('The order went to Acme Inc. The shares jumped.')).toEqual([
      'The order went to Acme Inc.',
      'The shares jumped.',
    ])
  })

  it('keeps initials with their names', () => {
    expect(split('John F. Kennedy admired J. R. R. Tolkien and Harry S. Truman.')).toHaveLength(1)
    expect(split('They chose Plan B. The rest is history.')).toHaveLength(2)
  })

  it('does not treat a leading enumerator as a sentence', () => {
    expect(split('1. Improvements in bilateral ties. 2. Remaining disputes.')).toEqual([
      '1. Improvements in bilateral ties.',
      '2. Remaining disputes.',
    ])
  })
})

describe('splitSentences: quotations', () => {
  it('keeps a quotation followed by its attribution whole', () => {
    expect(split('“We did it. It finally works,” said Ahn. Then the meeting ended.')).toEqual([
      '“We did it. It finally works,” said Ahn.',
      'Then the meeting ended.',
    ])
    expect(split('"Trust matters. So does time," the envoy added. Others agreed.')).toEqual([
      '"Trust matters. So does time," the envoy added.',
      'Others agreed.',
    ])
  })

  it('keeps an attribution that introduces a multi-sentence quotation whole', () => {
    expect(split('She said, “The plan works. It really works.” Reporters left.')).toEqual([
      'She said, “The plan works. It really works.”',
      'Reporters left.',
    ])
  })

  it('breaks after a quotation that ends a sentence', () => {
    expect(split('He called it “unacceptable!” The talks collapsed.')).toEqual([
      'He called it “unacceptable!”',
      'The talks collapsed.',
    ])
    expect(split('“Enough!” she shouted at them. Silence followed.')).toHaveLength(2)
  })

  it('splits an unclosed quotation normally at the end of its paragraph', () => {
    expect(split('He wrote: “First point. Second point. Third point.\n\nNew paragraph.')).toEqual([
      'He wrote: “First point.',
      'Second point.',
      'Third point.',
      'New paragraph.',
    ])
  })

  it('splits a very long quotation at its inner terminators', () => {
    const long = 'Sentence number one is long enough. '.repeat(Math.ceil(MAX_QUOTE / 30))
    const text = `“${long.trim()}” Next.`
    expect(split(text).length).toBeGreaterThan(10)
  })

  it('ignores inch marks and stray straight quotes', () => {
    expect(split('The 5" screen sold well. Buyers said "great." Then sales fell.')).toEqual([
      'The 5" screen sold well.',
      'Buyers said "great."',
      'Then sales fell.',
    ])
  })
})

describe('splitSentences: lines and paragraphs', () => {
  it('treats a single newline as whitespace', () => {
    expect(split('The alliance was\nrenewed in the U.S.\nand in Japan. It\nheld.')).toEqual([
      'The alliance was\nrenewed in the U.S.\nand in Japan.',
      'It\nheld.',
    ])
  })

  it('always ends a sentence at a blank line', () => {
    expect(split('A HEADING WITHOUT PUNCTUATION\n\nBody text follows here.\r\n \t\r\nAnother paragraph')).toEqual([
      'A HEADING WITHOUT PUNCTUATION',
      'Body text follows here.',
      'Another paragraph',
    ])
    expect(split('Trade with the U.S.\n\nthe next block starts lowercase')).toEqual([
      'Trade with the U.S.',
      'the next block starts lowercase',
    ])
    expect(split('He said “wait\n\nand see')).toEqual(['He said “wait', 'and see'])
  })
})

describe('splitSentences: CJK', () => {
  it('splits Japanese at 。 with no space', () => {
    expect(split('今日は晴れです。明日は雨でしょう。')).toEqual(['今日は晴れです。', '明日は雨でしょう。'])
  })

  it('keeps a Japanese quotation with its quotative particle', () => {
    expect(split('彼は「行きます。すぐに。」と言った。皆が驚いた。')).toEqual([
      '彼は「行きます。すぐに。」と言った。',
      '皆が驚いた。',
    ])
  })

  it('splits Chinese at ！ and ？', () => {
    expect(split('合作很重要！你同意吗？我同意。')).toEqual(['合作很重要！', '你同意吗？', '我同意。'])
  })

  it('splits Korean sentences ending in 다. and 요.', () => {
    expect(split('양국 관계가 개선되었다. 협력이 늘고 있어요. 앞으로가 중요하다.')).toEqual([
      '양국 관계가 개선되었다.',
      '협력이 늘고 있어요.',
      '앞으로가 중요하다.',
    ])
  })

  it('splits an English sentence followed by a CJK one', () => {
    expect(split('The summit ended. 회담이 끝났다.')).toEqual(['The summit ended.', '회담이 끝났다.'])
  })

  it('does not split a full-width decimal point', () => {
    expect(split('成長率は３．５％だった。')).toEqual(['成長率は３．５％だった。'])
  })
})

describe('splitSentences: invariants', () => {
  it('returns ordered, trimmed, non-empty spans covering every non-space character', () => {
    const alphabet = fc.constantFrom(
      'a', 'B', ' ', '.', '!', '?', '…', '\n', '“', '”', '"', '。', 'U.S.', 'Mr.', '1', '다', '「', '」', '\u3000',
    )
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.nat(5), fc.nat(5), (parts, a, b) => {
        const text = parts.join('')
        const start = Math.min(a, text.length)
        const end = Math.max(start, text.length - b)
        const spans = splitSentences(text, start, end)
        let prev = start
        let covered = ''
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(prev)
          expect(s.end).toBeGreaterThan(s.start)
          expect(s.end).toBeLessThanOrEqual(end)
          const t = text.slice(s.start, s.end)
          expect(t).toBe(t.trim())
          covered += t
          prev = s.end
        }
        expect(covered.replace(/\s/g, '')).toBe(text.slice(start, end).replace(/\s/g, ''))
      }),
      { numRuns: 500 },
    )
  })
})

describe('splitSentences: adversarial input runs in linear time', () => {
  const timed = <T>(f: () => T): { result: T; ms: number } => {
    const t0 = performance.now()
    const result = f()
    return { result, ms: performance.now() - t0 }
  }

  it('1 MB of dots', () => {
    const { result, ms } = timed(() => splitSentences('.'.repeat(1_000_000)))
    expect(result).toHaveLength(1)
    expect(ms).toBeLessThan(2000)
  })

  it('1 MB of dots and spaces', () => {
    const { result, ms } = timed(() => splitSentences('. '.repeat(500_000)))
    expect(result).toHaveLength(1)
    expect(ms).toBeLessThan(2000)
  })

  it('"U.S.U.S.U.S." and "U.S. U.S. U.S."', () => {
    const a = timed(() => splitSentences('U.S.'.repeat(250_000)))
    expect(a.result).toHaveLength(1)
    const b = timed(() => splitSentences('U.S. '.repeat(200_000)))
    expect(b.result).toHaveLength(1)
    expect(a.ms + b.ms).toBeLessThan(2000)
  })

  it('initials and long capitalized words', () => {
    const a = timed(() => splitSentences('A. '.repeat(300_000)))
    expect(a.result).toHaveLength(1)
    const b = timed(() => splitSentences(`${'X'.repeat(40)}. `.repeat(25_000)))
    expect(b.result).toHaveLength(25_000)
    expect(a.ms + b.ms).toBeLessThan(2000)
  })

  it('one 2 MB line without punctuation', () => {
    const line = 'word '.repeat(400_000)
    const { result, ms } = timed(() => splitSentences(line))
    expect(result).toEqual([{ start: 0, end: line.length - 1 }])
    expect(ms).toBeLessThan(2000)
  })

  it('quotes and newlines', () => {
    const a = timed(() => splitSentences('“'.repeat(500_000)))
    expect(a.result).toHaveLength(1)
    const b = timed(() => splitSentences('\n \n'.repeat(300_000)))
    expect(b.result).toHaveLength(0)
    const c = timed(() => splitSentences('"A. B. "'.repeat(100_000)))
    expect(c.result.length).toBeGreaterThan(0)
    expect(a.ms + b.ms + c.ms).toBeLessThan(2000)
  })

  it('5 MB of prose', () => {
    const para =
      'The alliance with the U.S. deepened in 2023, said Dr. Seo. Growth was 0.74 percent in Jan. 2024! ' +
      '“It works. It really works,” she said. Is it enough? Perhaps… not yet.\n\n'
    const text = para.repeat(Math.ceil(5_000_000 / para.length))
    const { result, ms } = timed(() => splitSentences(text))
    expect(result).toHaveLength(5 * Math.ceil(5_000_000 / para.length))
    expect(ms).toBeLessThan(2000)
  })
})
