import type { SourceFormat } from '../src/model/source.js'

/** A small deterministic PRNG, so every run reads the same corpus. */
export function rng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SUBJECTS = ['Seoul', 'Tokyo', 'The alliance', 'The ministry', 'Trilateral cooperation', 'The U.S. administration', 'Export control policy', 'The coast guard', 'Supply-chain policy', 'The National Assembly']
const VERBS = ['has expanded', 'will review', 'is weighing', 'has delayed', 'continues to shape', 'may strengthen', 'could undermine', 'has announced']
const OBJECTS = ['joint drills in the East Sea', 'semiconductor subsidies', 'a new dialogue on critical minerals', 'forced labor compensation', 'the Nov. 9 agreement', 'port calls by allied vessels', 'energy security funding of 1.5 trillion won', 'visa rules for researchers']
const TAILS = ['', ' after months of talks', ', officials said', ' despite objections from the opposition', ' by the end of the year', ' according to Dr. Lee Min-ho']
const KO = ['한국과 일본은 공급망 협력을 강화하기로 합의했다.', '정부는 반도체 수출 통제 제도를 재검토하고 있다.', '전문가들은 실질적인 성과가 필요하다고 지적했다.']

export function sentence(r: () => number): string {
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!
  if (r() < 0.08) return pick(KO)
  return `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}${pick(TAILS)}.`
}

function paragraph(r: () => number, n = 2 + Math.floor(r() * 4)): string {
  return Array.from({ length: n }, () => sentence(r)).join(' ')
}

function outlineText(r: () => number, i: number): string {
  const parts = [`Bench Policy Briefs`, '', `(Brief 2024-${i}) Cooperation report number ${i}`, '', `Date 2024-0${1 + (i % 9)}-1${i % 9} View 1,${i} Writer KIM Ha Neul`, '', 'Haneul Kim', '', 'hkim@bench-institute.org', '', 'The Bench Institute', '']
  for (let s = 1; s <= 4; s++) {
    parts.push(`■ Section ${s} of the brief`, '')
    for (let sub = 1; sub <= 3; sub++) {
      parts.push(`${sub}. Subsection ${sub}`, '')
      for (let b = 0; b < 3; b++) parts.push(`❍ ${paragraph(r, 1 + Math.floor(r() * 2))}`, '')
    }
  }
  return parts.join('\n')
}

function newsText(r: () => number, i: number): string {
  const title = `Bench article ${i} on regional security`
  const parts = ['Go to contents', '', title, '', title, '', `Posted March. 0${1 + (i % 9)}, 2024 08:11`, '', '한국어', '']
  for (let p = 0; p < 8; p++) parts.push(paragraph(r), '')
  parts.push(`Min-ji Kang mjkang${i}@example-news.com`)
  return parts.join('\n')
}

function wordpressJson(r: () => number, i: number): string {
  const html = Array.from({ length: 8 }, (_, p) => (p === 4 ? '<h2>Looking ahead</h2>' : `<p>${paragraph(r)}</p>`)).join('\n')
  return JSON.stringify({
    id: i,
    date: '2024-01-08T17:00:59',
    modified: '2024-01-09T10:00:00',
    link: `https://example-post.org/2024/01/post-${i}/`,
    title: { rendered: `Bench post ${i} &#8211; security outlook` },
    content: { rendered: html },
    _embedded: { author: [{ name: 'Sora Han' }] },
  })
}

function html(r: () => number, i: number): string {
  const body = Array.from({ length: 8 }, (_, p) => (p === 3 ? '<h2>Background</h2>' : `<p>${paragraph(r)}</p>`)).join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench page ${i}</title>
<meta name="author" content="Jae-won Yoo"><meta property="article:published_time" content="2024-02-0${1 + (i % 9)}T09:00:00Z">
<script>var tracking = "not content";</script></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Bench page ${i}</h1>${body}</article><footer>Copyright Bench Media</footer></body></html>`
}

function markdown(r: () => number, i: number): string {
  const parts = ['---', `title: Bench note ${i}`, 'date: 2024-04-05', 'authors: [{ name: Eun-bi Seo }]', '---', '']
  for (let s = 1; s <= 3; s++) {
    parts.push(`## Part ${s}`, '', paragraph(r), '', `- ${sentence(r)}`, `- ${sentence(r)}`, '')
  }
  return parts.join('\n')
}

export const GENERATORS: Partial<Record<SourceFormat, (r: () => number, i: number) => string>> = {
  'outline-text': outlineText,
  'news-text': newsText,
  'wordpress-json': wordpressJson,
  html,
  markdown,
}

/** A news text of about `bytes` bytes: many paragraphs of generated prose. */
export function bigText(bytes: number, seed = 7): string {
  const r = rng(seed)
  const parts = ['Big bench article', '', 'Posted March. 04, 2024 09:30', '']
  let size = 0
  while (size < bytes) {
    const p = paragraph(r)
    parts.push(p, '')
    size += Buffer.byteLength(p) + 2
  }
  return parts.join('\n')
}
