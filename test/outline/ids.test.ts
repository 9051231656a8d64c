import { describe, expect, it } from 'vitest'
import { readSource } from '../../src/readers/index.js'
import { makeSourceId, normalizeClaimText } from '../../src/outline/ids.js'
import { claimsOf } from '../helpers/seeds.js'

const brief = (bullets: string[]): Uint8Array =>
  Buffer.from(['Test Policy Briefs', '', '(Brief 2024-01) Ports and power', '', 'Date 2024-01-02', '', '■ Section one', '', ...bullets.map((b) => `❍ ${b}\n`)].join('\n'))

describe('claim ids', () => {
  it('are `<source id>.<five base32 characters>` and the same on every read', () => {
    const a = readSource(brief(['First claim here', 'Second claim here']), { file: 'a.txt' })
    const b = readSource(brief(['First claim here', 'Second claim here']), { file: 'a.txt' })
    const ids = claimsOf(a.sections).map((c) => c.id)
    expect(ids).toEqual(claimsOf(b.sections).map((c) => c.id))
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+\.[0-9a-hjkmnp-tv-z]{5}$/)
  })

  it('change only for the claim that was edited', () => {
    const before = claimsOf(readSource(brief(['Alpha claim', 'Beta claim', 'Gamma claim']), { file: 'a.txt' }).sections)
    const after = claimsOf(readSource(brief(['Alpha claim', 'Beta claim, edited', 'Gamma claim']), { file: 'a.txt' }).sections)
    expect(after[0]!.id).toBe(before[0]!.id)
    expect(after[1]!.id).not.toBe(before[1]!.id)
    expect(after[2]!.id).toBe(before[2]!.id)
  })

  it('ignore case, spacing and typographic quotes, and stay unique for repeated text', () => {
    const claims = claimsOf(readSource(brief(['Seoul’s   view', "SEOUL'S VIEW", 'Seoul’s view']), { file: 'a.txt' }).sections)
    expect(claims.map((c) => c.id.split('.')[1])).toEqual([
      claims[0]!.id.split('.')[1],
      `${claims[0]!.id.split('.')[1]}-2`,
      `${claims[0]!.id.split('.')[1]}-3`,
    ])
    expect(normalizeClaimText('  Seoul’s\n “view” ')).toBe(`seoul's "view"`)
  })
})

describe('source ids (citation keys)', () => {
  const meta = { authors: [{ name: 'Changsoo Jin', email: null, affiliation: null, role: null }], publisher: null, date: '2023-10-10', title: 'Indo-Pacific Strategy and Korea-Japan cooperation' }
  it('take family name, year and first significant title word', () => {
    expect(makeSourceId(meta)).toBe('jin2023indopacific')
    expect(makeSourceId({ ...meta, authors: [{ name: 'Yoon Young-kwan', email: null, affiliation: null, role: null }], title: 'The Case for a Quad Plus' })).toBe('yoon2023case')
    expect(makeSourceId({ ...meta, authors: [{ name: 'Jin-Woo Shin', email: null, affiliation: null, role: null }], title: 'A New Era' })).toBe('shin2023era')
  })
  it('fall back to the publisher, and get a fixed suffix when taken', () => {
    expect(makeSourceId({ ...meta, authors: [], publisher: 'Korea Pro' })).toBe('koreapro2023indopacific')
    expect(makeSourceId(meta, new Set(['jin2023indopacific']))).toBe('jin2023indopacifica')
    expect(makeSourceId(meta, new Set(['jin2023indopacific', 'jin2023indopacifica']))).toBe('jin2023indopacificb')
  })
})

describe('claim id clashes', () => {
  it('lengthen the later id when two different texts share five digits', async () => {
    const { assignClaimIds, claimHashDigits } = await import('../../src/outline/ids.js')
    // Search generated texts for two whose five-digit hashes clash (25 bits: a few thousand tries).
    const byDigits = new Map<string, string>()
    let pair: [string, string] | null = null
    for (let i = 0; !pair; i++) {
      const text = `claim number ${i}`
      const d = claimHashDigits(text)
      const other = byDigits.get(d)
      if (other) pair = [other, text]
      else byDigits.set(d, text)
    }
    const claims = [pair[0], pair[1], pair[0]].map((text) => ({ id: '', kind: 'bullet' as const, text, start: 0, end: 0, paragraph: 0, speaker: null }))
    assignClaimIds(claims, 'src')
    const [first, second, third] = claims.map((c) => c.id)
    expect(first).toBe(`src.${claimHashDigits(pair[0])}`)
    expect(second).toBe(`src.${claimHashDigits(pair[1], 6)}`)
    expect(third).toBe(`${first}-2`)
  })
})

describe('citation keys for Korean sources', () => {
  it('are romanized, with customary spellings for family names', () => {
    const korean = { authors: [{ name: '김서연', email: null, affiliation: null, role: null }], publisher: null, date: '2024-05-02', title: '한일 경제안보 협력의 과제' }
    expect(makeSourceId(korean)).toBe('kim2024hanil')
    expect(makeSourceId({ ...korean, authors: [{ name: '이민호', email: null, affiliation: null, role: null }], title: '새로운 외교' })).toBe('lee2024saeroun')
  })
})

describe('citation keys for Japanese and Chinese sources', () => {
  it('take the leading Han or katakana run of the title, keeping voiced kana intact', () => {
    const meta = { authors: [{ name: '佐藤 由美', email: null, affiliation: null, role: null }], publisher: null, date: '2025-02-20', title: '日韓の防災協力、自治体レベルで広がる' }
    expect(makeSourceId(meta)).toBe('佐藤2025日韓')
    expect(makeSourceId({ ...meta, authors: [], publisher: null, title: 'ベトナムとの協力' })).toBe('anon2025ベトナム')
    expect(makeSourceId({ ...meta, authors: [{ name: '习近平', email: null, affiliation: null, role: null }], title: '中韩关系的新变化' })).toBe('习2025中韩关系')
  })
})
