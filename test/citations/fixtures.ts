import type { Person, SourceKind, SourceMeta } from '../../src/model/source.js'
import { sourceToCsl, type CslItem } from '../../src/citations/csl.js'
import { blankMeta } from '../../src/readers/meta.js'

export function person(name: string): Person {
  return { name, email: null, affiliation: null, role: null }
}

export function meta(kind: SourceKind, fields: Partial<SourceMeta> = {}): SourceMeta {
  return { ...blankMeta(kind), language: 'en', ...fields }
}

/** A small library of invented sources, one of each kind and script. */
export const SOURCES: Record<string, SourceMeta> = {
  jin2023: meta('brief', {
    title: 'Deterrence on the Korean Peninsula after the Washington Declaration',
    authors: [person('Jin Chang-soo')],
    publisher: 'Sejong Institute',
    date: '2023-05-02',
    series: 'Sejong Policy Brief',
    number: '2023-07',
    url: 'https://example.org/briefs/2023-07',
  }),
  doe2024: meta('news', {
    title: 'Seoul and Tokyo agree on a new hotline',
    authors: [person('Jane Doe')],
    publisher: 'The Harbor Times',
    date: '2024-03-14',
    url: 'https://example.com/news/hotline',
  }),
  kim2024: meta('op-ed', {
    title: 'Why the alliance needs a budget rule',
    authors: [person('Kim Min-su')],
    publisher: 'Newsstand Aggregator',
    originalPublisher: 'The Daily Ledger',
    date: '2024-01-09',
    url: 'https://example.net/reprints/42',
  }),
  vanbeethoven2022: meta('post', {
    title: 'Notes on coalition signalling',
    authors: [person('Ludwig van Beethoven'), person("Mary Ann O'Neil")],
    publisher: 'Signal Blog',
    date: '2022-11',
    url: 'https://example.org/blog/signalling',
  }),
  minsu2024: meta('news', {
    title: '한미 연합훈련 재개',
    authors: [person('김민수')],
    publisher: '한빛일보',
    date: '2024-02-20',
    language: 'ko',
  }),
  sato2021: meta('report', {
    title: '日米同盟の将来',
    authors: [person('佐藤健')],
    publisher: '東アジア研究所',
    date: '2021',
    language: 'ja',
  }),
  institute2020: meta('report', {
    title: 'Annual review of regional security',
    authors: [person('Sejong Institute')],
    publisher: 'Sejong Institute',
    date: '2020',
  }),
  faq: meta('webpage', { title: 'Frequently asked questions', publisher: 'Example Ministry', url: 'https://example.gov/faq' }),
  memo: meta('document', { title: 'Internal memo on drills', date: '2019-06-30' }),
}

export function items(...ids: string[]): CslItem[] {
  return ids.map((id) => sourceToCsl(id, SOURCES[id]!))
}
