import { describe, expect, it } from 'vitest'
import type { Speaker } from '../../src/model/source.js'
import { splitSentences } from '../../src/outline/sentences.js'
import { attributeSpeakers, type AttributableClaim } from '../../src/outline/speakers.js'

/** Paragraphs → sentence claims → attributed; returns [sentence, speaker] pairs. */
function attribute(paragraphs: string[], kind: 'sentence' | 'bullet' = 'sentence'): Array<[string, Speaker | null]> {
  const text = paragraphs.join('\n\n')
  const claims: AttributableClaim[] = []
  let offset = 0
  paragraphs.forEach((p, paragraph) => {
    const spans = kind === 'bullet' ? [{ start: offset, end: offset + p.length }] : splitSentences(text, offset, offset + p.length)
    for (const s of spans) claims.push({ ...s, paragraph, kind, speaker: null })
    offset += p.length + 2
  })
  attributeSpeakers(text, claims)
  return claims.map((c) => [text.slice(c.start, c.end), c.speaker])
}

const speakersOf = (paragraphs: string[]): Array<string | null> => attribute(paragraphs).map(([, s]) => s?.name ?? null)

const PARK = { name: 'Park Min-ji', affiliation: 'Institute for Maritime Strategy' }
const HAN = { name: 'Han Do-yun', affiliation: 'Hanbit University' }

describe('attributeSpeakers: an article with two experts', () => {
  const article = [
    'Seoul spent the year rebuilding ties with Tokyo and Washington. Some worry about the costs.',
    'Park Min-ji, a senior fellow at the Busan-based Institute for Maritime Strategy, told reporters that the effort had “set the stage for deeper work,” especially in the navy.',
    'One milestone was the new joint maritime council, which Park described as a “real asset,” along with better ties with Manila.',
    'Park stressed that while allies welcomed the thaw, Beijing stayed cool. This quiet recognition, she noted, reflected respect for Seoul’s patience.',
    'Han Do-yun, an associate professor of international relations and security at Hanbit University, observed that shared values had driven cooperation across several fields.',
    'Han regards this as part of a wider push to restore trilateral work. This framework, Han suggests, offers “a solid base for more.”',
    'Still, the thaw came only after Seoul made a unilateral concession on the wartime labor issue.',
    'Park raised concerns about how little the government had explained its gains to voters.',
  ]
  const result = attribute(article)

  it('introduces a speaker with an appositive and takes the affiliation from it', () => {
    expect(result[2]).toEqual([article[1], PARK])
    expect(result[6]).toEqual([article[4], HAN])
  })

  it('resolves a later surname-only mention, including "which X described as"', () => {
    expect(result[3]).toEqual([article[2], PARK])
    expect(result[4]?.[1]).toEqual(PARK)
    expect(result[10]?.[1]).toEqual(PARK)
  })

  it('resolves a pronoun to the most recent speaker', () => {
    expect(result[5]).toEqual(['This quiet recognition, she noted, reflected respect for Seoul’s patience.', PARK])
  })

  it('handles "X regards" and a parenthetical "X suggests"', () => {
    expect(result[7]?.[1]).toEqual(HAN)
    expect(result[8]).toEqual(['This framework, Han suggests, offers “a solid base for more.”', HAN])
  })

  it('leaves unattributed sentences alone', () => {
    expect(result.map(([, s]) => s?.name ?? null)).toEqual([
      null, null, 'Park Min-ji', 'Park Min-ji', 'Park Min-ji', 'Park Min-ji', 'Han Do-yun', 'Han Do-yun',
      'Han Do-yun', null, 'Park Min-ji',
    ])
  })
})

describe('attributeSpeakers: direct attribution', () => {
  it('"X said" with a full name', () => {
    expect(attribute(['Oh Ji-hoon said the talks would resume in spring.'])[0]?.[1]).toEqual({
      name: 'Oh Ji-hoon',
      affiliation: null,
    })
  })

  it('strips titles and nationality words from the name', () => {
    expect(speakersOf(['South Korean Foreign Minister Seo Jae-won said the visit went well.'])).toEqual(['Seo Jae-won'])
    expect(speakersOf(['Japanese Prime Minister Kenji Morita warned against haste.'])).toEqual(['Kenji Morita'])
  })

  it('a postposed verb after a quotation, with an appositive', () => {
    expect(attribute(['“The door remains open,” said Lee Sang-woo, a professor at Daehan University.'])[0]?.[1]).toEqual({
      name: 'Lee Sang-woo',
      affiliation: 'Daehan University',
    })
    expect(speakersOf(['The deal, said Maria Costa, is fragile.'])).toEqual(['Maria Costa'])
  })

  it('"according to X"', () => {
    expect(attribute(['According to Professor Yang Hee-jin of Corvid University, exports will fall.'])[0]?.[1]).toEqual({
      name: 'Yang Hee-jin',
      affiliation: 'Corvid University',
    })
    expect(speakersOf(['According to the ministry, exports will fall.'])).toEqual([null])
  })

  it('"X, who …, said"', () => {
    expect(attribute(['Ryu Ha-eun, who teaches at the Tidewater Institute, said the plan lacked detail.'])[0]?.[1]).toEqual({
      name: 'Ryu Ha-eun',
      affiliation: 'Tidewater Institute',
    })
  })

  it('skips adverbs and auxiliaries between subject and verb', () => {
    expect(speakersOf(['Oh Ji-hoon has long argued for a softer line.', 'Oh also pointed out that costs rose.'])).toEqual([
      'Oh Ji-hoon',
      'Oh Ji-hoon',
    ])
  })

  it('cleans affiliations: "the", "X-based", trailing places', () => {
    expect(
      attribute(['Amara Singh, a research director at the London-based Bridgewater Centre in Kent, argued for restraint.'])[0]?.[1],
    ).toEqual({ name: 'Amara Singh', affiliation: 'Bridgewater Centre' })
  })

  it('attributes a bullet that clearly names its speaker', () => {
    expect(attribute(['Cha Eun-woo said the budget must grow. Others disagreed.'], 'bullet')[0]?.[1]).toEqual({
      name: 'Cha Eun-woo',
      affiliation: null,
    })
  })
})

describe('attributeSpeakers: surnames', () => {
  it('a hyphenated first token means a Western-order name', () => {
    expect(
      speakersOf(['Min-Seo Kang, a researcher at the Harbor Policy Lab, said costs were rising.', 'Kang added that relief was near.']),
    ).toEqual(['Min-Seo Kang', 'Min-Seo Kang'])
  })

  it('a hyphenated last token means family name first, whatever its case', () => {
    expect(
      speakersOf([
        'Baek Hyun-Soo, an adjunct lecturer at Namsan College, said the vote mattered.',
        'Baek emphasized turnout. Hyun-Soo is his given name.',
      ]),
    ).toEqual(['Baek Hyun-Soo', 'Baek Hyun-Soo', null])
  })

  it('matches the last token of a Western name introduced with a title', () => {
    expect(
      speakersOf(['The plan echoed US President Daniel Whitford’s trade agenda.', 'Whitford said the tariffs would stay.']),
    ).toEqual([null, 'Daniel Whitford'])
  })

  it('reads a common Chinese family name first', () => {
    expect(
      speakersOf(['Chinese President Zhou Lanping spoke first.', 'Zhou said relations were stable.']),
    ).toEqual([null, 'Zhou Lanping'])
  })

  it('does not invent a person from an unknown single word', () => {
    expect(speakersOf(['Cho said the talks failed.', 'Experts said the talks failed.', 'Reuters said so.'])).toEqual([
      null, null, null,
    ])
  })
})

describe('attributeSpeakers: pronouns', () => {
  it('resolves within the same or the next paragraph only', () => {
    expect(
      speakersOf([
        'Noh Tae-il, a senior analyst at the Sejin Forum, said the summit was a success.',
        'He argued that momentum would last.',
        'The economy slowed.',
        'He said nothing more.',
      ]),
    ).toEqual(['Noh Tae-il', 'Noh Tae-il', null, null])
  })

  it('uses a person introduced with an appositive even before they are quoted', () => {
    expect(
      speakersOf([
        'Ji Woo-jin spoke first.',
        'Kwon Seo-yeon, a professor at Eastgate University, has studied the issue for years. She warned that time was short.',
      ]),
    ).toEqual([null, null, 'Kwon Seo-yeon'])
  })

  it('stays null with no one to refer to', () => {
    expect(speakersOf(['She said the plan was sound.'])).toEqual([null])
  })
})

describe('attributeSpeakers: false positives', () => {
  it('ignores places, organizations and unnamed speakers', () => {
    expect(
      speakersOf([
        'South Korea said the drills would go ahead.',
        'The Foreign Ministry warned against travel.',
        'Seoul and Tokyo stressed their unity.',
        '“The alliance has become comprehensive,” said an official from the presidential office.',
        'The Coastal Policy Institute noted a rise in incidents.',
        'NATO said it was watching closely.',
        'An official said the budget was final.',
        'Japan’s attention on Washington has raised concerns among experts.',
      ]),
    ).toEqual([null, null, null, null, null, null, null, null])
  })

  it('ignores non-reporting uses of the verbs', () => {
    expect(
      speakersOf([
        'The plan described in the report was modest.',
        'Issues highlighted by critics include costs.',
        'With regards to trade, little changed.',
        'The Camp Harmon Summit, described as historic, ended early.',
      ]),
    ).toEqual([null, null, null, null])
  })

  it('does not attribute a possessive', () => {
    expect(speakersOf(['Oh Ji-hoon said so.', 'Oh’s aides said otherwise.'])).toEqual(['Oh Ji-hoon', null])
  })
})

describe('attributeSpeakers: adversarial input', () => {
  const run = (text: string): { claims: AttributableClaim[]; ms: number } => {
    const claims: AttributableClaim[] = [{ start: 0, end: text.length, paragraph: 0, kind: 'sentence', speaker: null }]
    const t0 = performance.now()
    attributeSpeakers(text, claims)
    return { claims, ms: performance.now() - t0 }
  }

  it('100k capitalized words before a verb', () => {
    const { claims, ms } = run(`${'Alpha '.repeat(100_000)}said so.`)
    expect(claims[0]?.speaker).toBeNull()
    expect(ms).toBeLessThan(2000)
  })

  it('100k commas, appositive openers and verbs', () => {
    const a = run(`${'a, '.repeat(100_000)}said it.`)
    const b = run(','.repeat(100_000))
    const c = run(`Kim Ha-na, ${'the, '.repeat(50_000)}${'said, '.repeat(50_000)}`)
    const d = run('President '.repeat(100_000))
    const e = run('Kim Ha-na said, '.repeat(20_000))
    expect(a.claims[0]?.speaker).toBeNull()
    expect(b.claims[0]?.speaker).toBeNull()
    expect(e.claims[0]?.speaker?.name).toBe('Kim Ha-na')
    expect(a.ms + b.ms + c.ms + d.ms + e.ms).toBeLessThan(2000)
  })

  it('many claims in a long document', () => {
    const para = 'Kim Ha-na, a fellow at the Riverside Institute, said costs rose. She added that aid helped. Kim warned of risks.'
    const text = Array.from({ length: 5000 }, () => para).join('\n\n')
    const claims: AttributableClaim[] = []
    let off = 0
    for (let p = 0; p < 5000; p++) {
      for (const s of splitSentences(text, off, off + para.length)) claims.push({ ...s, paragraph: p, kind: 'sentence', speaker: null })
      off += para.length + 2
    }
    const t0 = performance.now()
    attributeSpeakers(text, claims)
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(claims.every((c) => c.speaker?.name === 'Kim Ha-na' && c.speaker.affiliation === 'Riverside Institute')).toBe(true)
  })
})

describe('attributeSpeakers: misuse', () => {
  it('rejects a claim span outside the text', () => {
    const claims: AttributableClaim[] = [{ start: 3, end: 40, paragraph: 0, kind: 'sentence', speaker: null }]
    expect(() => attributeSpeakers('short text', claims)).toThrow(/\[3, 40\).*length 10/)
  })

  it('leaves claims without attribution untouched and accepts an empty list', () => {
    expect(() => attributeSpeakers('', [])).not.toThrow()
    const claims: AttributableClaim[] = [{ start: 0, end: 0, paragraph: 0, kind: 'sentence', speaker: null }]
    attributeSpeakers('', claims)
    expect(claims[0]?.speaker).toBeNull()
  })
})
