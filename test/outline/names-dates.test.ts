import { describe, expect, it } from 'vitest'
import { DiagnosticBag } from '../../src/diagnostics/collector.js'
import { DATE_STRENGTH, chooseDate, parseDate } from '../../src/outline/dates.js'
import { familyName, mergeAuthors, person } from '../../src/outline/names.js'

describe('names', () => {
  it('find the family name of Korean, Chinese and Western names', () => {
    expect(familyName('JIN Chang Soo')).toBe('JIN')
    expect(familyName('Changsoo Jin')).toBe('Jin')
    expect(familyName('Go Myong-hyun')).toBe('Go')
    expect(familyName('Jin-Woo Shin')).toBe('Shin')
    expect(familyName('Ludwig van Beethoven')).toBe('van Beethoven')
    expect(familyName('習近平')).toBe('習')
  })
  it('merge one author written three ways, keeping every detail', () => {
    const merged = mergeAuthors([
      person('JIN Chang Soo'),
      person('Jin ChangSoo'),
      person('Changsoo Jin', { email: 'cj@example.org', role: 'Director' }),
      person('Someone Else'),
    ])
    expect(merged).toEqual([
      { name: 'Changsoo Jin', email: 'cj@example.org', affiliation: null, role: 'Director' },
      { name: 'Someone Else', email: null, affiliation: null, role: null },
    ])
  })
})

describe('dates', () => {
  it('parse the forms sources use, and reject impossible days', () => {
    expect(parseDate('Posted November. 09, 2022 08:11')).toBe('2022-11-09')
    expect(parseDate('Tuesday, 02 January 2024 12:17 GMT')).toBe('2024-01-02')
    expect(parseDate('2024-01-08T17:00:59')).toBe('2024-01-08')
    expect(parseDate('발간일 2024.05.02')).toBe('2024-05-02')
    expect(parseDate('2023年10月10日')).toBe('2023-10-10')
    expect(parseDate('Nov. 9, 2022')).toBe('2022-11-09')
    expect(parseDate('2023-02-30')).toBeNull()
    expect(parseDate('no date here')).toBeNull()
  })
  it('choose the strongest evidence and report the one overruled', () => {
    const bag = new DiagnosticBag('x.txt', 'test')
    const date = chooseDate(
      [
        { date: '2024-01-02', strength: DATE_STRENGTH.banner, label: 'page banner', at: 0 },
        { date: '2025-06-10', strength: DATE_STRENGTH.aggregatorId, label: 'MENAFN item id' },
      ],
      bag,
    )
    expect(date).toBe('2025-06-10')
    expect(bag.list.map((d) => [d.rule, d.severity, d.message])).toEqual([
      ['date-conflict', 'warning', 'the page banner says `2024-01-02` but the MENAFN item id says `2025-06-10`; using `2025-06-10`'],
    ])
    expect(chooseDate([], bag)).toBeNull()
  })
})
