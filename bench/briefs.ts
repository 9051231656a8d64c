// Inputs of the brief-building benchmark: a workspace of generated sources, a 10-page and a
// 100-page brief that use their claims and cite them, and the same briefs written for
// pandoc (claims spelled out, a CSL-JSON bibliography) so the two can be timed side by side.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sourceToCsl } from '../src/citations/csl.js'
import { Library } from '../src/library/library.js'
import { rng, sentence } from './corpus.js'

const FAMILIES = ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Smith', 'Tanaka', 'Garcia', 'Nguyen', 'Okafor', 'Novak', 'Rossi', 'Haddad', 'Silva', 'Berg']
const GIVEN_KO = ['Min-su', 'Ji-won', 'Ha-eun', 'Do-hyun', 'Seo-yeon']
const GIVEN = ['Anna', 'David', 'Maria', 'Tom', 'Aiko', 'Luis', 'Chen']
const HANGUL_NAMES = ['김민수', '이지원', '박하은', '최도현', '정서연']
const TOPICS = ['Harbors', 'Chips', 'Minerals', 'Alliances', 'Drills', 'Tariffs', 'Visas', 'Grids', 'Fisheries', 'Satellites', 'Reactors', 'Pipelines', 'Railways', 'Cables', 'Vaccines']
const KO_TOPICS = ['공급망', '반도체', '해양안보', '에너지', '동맹']
const KO_SENTENCES = ['한국과 일본은 공급망 협력을 강화하기로 합의했다', '정부는 반도체 수출 통제 제도를 재검토하고 있다', '전문가들은 실질적인 성과가 필요하다고 지적했다', '양국은 해양 안보 대화를 정례화하기로 했다', '국회는 관련 예산을 증액했다']

function sourceText(r: () => number, i: number): string {
  const korean = i % 5 === 4
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!
  const year = 2020 + (i % 6)
  const date = `${year}-0${1 + (i % 9)}-1${i % 9}`
  const author = korean ? HANGUL_NAMES[i % HANGUL_NAMES.length]! : i % 3 === 0 ? `${FAMILIES[i % 5]} ${GIVEN_KO[i % GIVEN_KO.length]}` : `${GIVEN[i % GIVEN.length]} ${FAMILIES[i % FAMILIES.length]}`
  // A distinct first title word per source keeps citation keys distinct, as in a real library.
  const title = korean ? `${KO_TOPICS[i % KO_TOPICS.length]} 정책 ${i}호 보고서` : `${TOPICS[i % TOPICS.length]}${i} and regional policy`
  const parts = ['Bench Policy Briefs', '', `(Brief ${year}-${i}) ${title}`, '', `Date ${date} View 1,${i} Writer ${author}`, '', author, '', `author${i}@bench-institute.org`, '', 'The Bench Institute', '']
  for (let s = 1; s <= 3; s++) {
    parts.push(korean ? `■ ${KO_TOPICS[(i + s) % KO_TOPICS.length]} 현황` : `■ Section ${s}: ${pick(TOPICS).toLowerCase()}`, '')
    for (let sub = 1; sub <= 2; sub++) {
      parts.push(korean ? `${sub}. 세부 ${sub}` : `${sub}. Part ${sub}`, '')
      for (let b = 0; b < 3; b++) parts.push(`❍ ${korean ? `${pick(KO_SENTENCES)} (${i}-${s}-${sub}-${b})` : `${sentence(r).replace(/\.$/, '')} (${i}-${s}-${sub}-${b})`}`, '')
    }
  }
  return parts.join('\n')
}

interface Use {
  markdown: string
  pandoc: string
}

/** Writes the workspace once; later runs reuse it. Returns the workspace folder. */
export function prepareBriefBench(corpus: string): string {
  const dir = join(corpus, 'briefs-workspace')
  if (existsSync(join(dir, 'briefs', 'brief-100.md'))) return dir
  mkdirSync(join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'), { recursive: true })
  const r = rng(11)
  for (let i = 0; i < 250; i++) writeFileSync(join(dir, 'sources', `s${String(i).padStart(3, '0')}.txt`), sourceText(r, i))
  const library = Library.open(dir)
  library.sync()
  const sources = library.sources().sort((a, b) => a.path.localeCompare(b.path))
  const references = sources.map((s) => sourceToCsl(s.id, library.sourceMeta(s.id)!.meta))
  writeFileSync(join(dir, 'briefs', 'references.json'), JSON.stringify(references, null, 1))
  const claimsBySource = new Map(sources.map((s) => [s.id, library.claimsOf(s.id)]))
  library.close()

  const brief = (name: string, uses: number, sourceCount: number): void => {
    const pick = rng(uses)
    const body: Use[] = []
    for (let u = 0; u < uses; u++) {
      const source = sources[u % sourceCount]!
      const claims = claimsBySource.get(source.id)!
      // Each use takes the source's next claim: no claim is used twice.
      const claim = claims[Math.floor(u / sourceCount) % claims.length]!
      const locator = claim.sectionPath.length ? `, sec. ${claim.sectionPath.join(' › ')}` : ''
      const prose = Array.from({ length: 5 }, () => sentence(pick)).join(' ')
      const kind = u % 4
      if (kind === 0) body.push({ markdown: `- :claim[${claim.id}]`, pandoc: `- ${claim.text} [@${source.id}${locator}]` })
      else if (kind === 1) body.push({ markdown: `${prose} :claim[${claim.id}]`, pandoc: `${prose} ${claim.text} [@${source.id}${locator}]` })
      else if (kind === 2) body.push({ markdown: `${prose} [see @${source.id}, p. ${1 + (u % 9)}]`, pandoc: `${prose} [see @${source.id}, p. ${1 + (u % 9)}]` })
      else body.push({ markdown: `As @${source.id} notes, ${prose.toLowerCase()}`, pandoc: `As @${source.id} notes, ${prose.toLowerCase()}` })
    }
    const front = (extra: string): string => `---\ntitle: Generated brief ${name}\ndate: 2026-11-23\nauthors:\n  - name: Bench Writer\n    affiliation: Bench Institute\nlang: en-US\n${extra}---\n\n`
    const sections = (pick: (u: Use) => string): string => {
      let out = ''
      body.forEach((use, u) => {
        if (u % 10 === 0) out += `## Section ${u / 10 + 1}\n\n${Array.from({ length: 4 }, () => sentence(rng(u))).join(' ')}\n\n`
        out += `${pick(use)}\n\n`
      })
      return out
    }
    writeFileSync(join(dir, 'briefs', `${name}.md`), front('citation-style: chicago-note\n') + sections((u) => u.markdown))
    writeFileSync(join(dir, 'briefs', `${name}.pandoc.md`), front('bibliography: briefs/references.json\n') + sections((u) => u.pandoc))
  }
  brief('brief-10', 60, 25)
  brief('brief-100', 600, 250)
  return dir
}
