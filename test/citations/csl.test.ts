import { describe, expect, test } from 'vitest'
import { sourceToCsl } from '../../src/citations/csl.js'
import { meta, person, SOURCES } from './fixtures.js'

const authorOf = (name: string) => sourceToCsl('x', meta('news', { authors: [person(name)] })).author?.[0]

describe('sourceToCsl: kinds', () => {
  test('a brief is a report in its series, with the series number as the series number', () => {
    expect(sourceToCsl('jin2023', SOURCES['jin2023']!)).toEqual({
      id: 'jin2023',
      type: 'report',
      title: 'Deterrence on the Korean Peninsula after the Washington Declaration',
      author: [{ family: 'Jin', given: 'Chang-soo', 'static-ordering': true }],
      issued: { 'date-parts': [[2023, 5, 2]] },
      URL: 'https://example.org/briefs/2023-07',
      language: 'en',
      publisher: 'Sejong Institute',
      'collection-title': 'Sejong Policy Brief',
      'collection-number': '2023-07',
    })
  })

  test('a report without a series keeps its number as the number', () => {
    const item = sourceToCsl('r', meta('report', { title: 'R', publisher: 'KINU', number: '24-03' }))
    expect(item).toMatchObject({ type: 'report', publisher: 'KINU', number: '24-03' })
    expect(item['collection-number']).toBeUndefined()
  })

  test('news names its publisher as the newspaper', () => {
    expect(sourceToCsl('doe2024', SOURCES['doe2024']!)).toMatchObject({ type: 'article-newspaper', 'container-title': 'The Harbor Times' })
  })

  test('a post names its site as the blog', () => {
    expect(sourceToCsl('v', SOURCES['vanbeethoven2022']!)).toMatchObject({ type: 'post-weblog', 'container-title': 'Signal Blog' })
  })

  test('a reprinted op-ed is cited where it first appeared, the reprinting site noted', () => {
    const item = sourceToCsl('kim2024', SOURCES['kim2024']!)
    expect(item).toMatchObject({
      type: 'article-newspaper',
      genre: 'opinion',
      'container-title': 'The Daily Ledger',
      note: 'Republished by Newsstand Aggregator',
      URL: 'https://example.net/reprints/42',
    })
  })

  test('web pages and documents are web pages', () => {
    expect(sourceToCsl('faq', SOURCES['faq']!)).toMatchObject({ type: 'webpage', 'container-title': 'Example Ministry' })
    expect(sourceToCsl('memo', SOURCES['memo']!).type).toBe('webpage')
  })

  test('dates of a year, a month or a day; anything else is left out', () => {
    const date = (d: string) => sourceToCsl('x', meta('news', { date: d })).issued
    expect(date('2021')).toEqual({ 'date-parts': [[2021]] })
    expect(date('2022-11')).toEqual({ 'date-parts': [[2022, 11]] })
    expect(date('2024-02-20')).toEqual({ 'date-parts': [[2024, 2, 20]] })
    expect(date('last spring')).toBeUndefined()
  })

  test('a source without an author has no author field, so styles start with the title', () => {
    expect('author' in sourceToCsl('faq', SOURCES['faq']!)).toBe(false)
  })
})

describe('sourceToCsl: names', () => {
  test('romanized Korean names written family first stay in that order', () => {
    expect(authorOf('Jin Chang-soo')).toEqual({ family: 'Jin', given: 'Chang-soo', 'static-ordering': true })
    expect(authorOf('Kim Min-su')).toEqual({ family: 'Kim', given: 'Min-su', 'static-ordering': true })
  })

  test('capitals that mark the family name are a convention, not the spelling', () => {
    expect(authorOf('JIN Chang Soo')).toEqual({ family: 'Jin', given: 'Chang Soo', 'static-ordering': true })
    expect(authorOf('Chang Soo JIN')).toEqual({ family: 'Jin', given: 'Chang Soo' })
  })

  test('names in Hangul, Han or kana are not split', () => {
    expect(authorOf('김민수')).toEqual({ family: '김민수' })
    expect(authorOf('남궁민수')).toEqual({ family: '남궁민수' })
    expect(authorOf('佐藤健')).toEqual({ family: '佐藤健' })
    expect(authorOf('習近平')).toEqual({ family: '習近平' })
    // Written with a space, the first word is the family name.
    expect(authorOf('佐藤 健')).toEqual({ family: '佐藤', given: '健' })
  })

  test('Western names split before the family name, particles included', () => {
    expect(authorOf('Jane Doe')).toEqual({ family: 'Doe', given: 'Jane' })
    expect(authorOf("Mary Ann O'Neil")).toEqual({ family: "O'Neil", given: 'Mary Ann' })
    expect(authorOf('Ludwig van Beethoven')).toEqual({ family: 'van Beethoven', given: 'Ludwig' })
    expect(authorOf('Doe, Jane')).toEqual({ family: 'Doe', given: 'Jane' })
    expect(authorOf('Martin Luther King Jr.')).toEqual({ family: 'King', given: 'Martin Luther', suffix: 'Jr.' })
  })

  test('organizations are literal names', () => {
    expect(authorOf('Sejong Institute')).toEqual({ literal: 'Sejong Institute' })
    expect(authorOf('Center for Strategic and International Studies')).toEqual({ literal: 'Center for Strategic and International Studies' })
    expect(authorOf('세종연구소')).toEqual({ literal: '세종연구소' })
    expect(authorOf('東アジア研究所')).toEqual({ literal: '東アジア研究所' })
    expect(authorOf('Emily Post')).toEqual({ family: 'Post', given: 'Emily' })
  })
})
