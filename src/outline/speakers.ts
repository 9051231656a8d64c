/**
 * Speaker attribution: which named person a claim reports.
 *
 * Works on word tokens of each claim, in document order, with a registry of the people met so
 * far. Every pattern looks at a bounded window of tokens around a reporting verb, so the whole
 * pass is linear in the length of the claims (no regular expressions run over the text).
 *
 * Patterns, tried verb by verb (the first that names a known or clearly introduced person wins):
 * - `NAME [also|has|…] VERB`: "Kim Tae-hyo said", "Go highlighted", "This approach, Jung suggests, …",
 *   "which Go described as …", "Go raised concerns", "Kim pointed out".
 * - `NAME, APPOSITIVE, VERB`: "Go Myong-hyun, a senior analyst at the Seoul-based Asan Institute for
 *   Policy Studies, told …", "Park, who teaches at Korea University, said …". The appositive gives the
 *   affiliation (the organization after "at", "with", "from" or "of", without "the" and "X-based").
 * - `…, VERB NAME` / `…,” VERB NAME[, APPOSITIVE]`: "“…,” said Kim Tae-hyo, a professor at …".
 * - `according to NAME`.
 * - `he|she VERB`, `VERB he|she`: the most recent person (attributed or introduced with an
 *   appositive) in the same or the previous paragraph.
 *
 * Names are 2–4 capitalized tokens (hyphenated tokens and initials allowed), with leading titles
 * and nationality words stripped ("South Korean President Yoon Suk-yeol" → "Yoon Suk-yeol"). A
 * single token ("Go", "Biden") is only accepted when it is the surname of someone registered
 * earlier in the text — by an appositive introduction, an attribution, or a title ("President Joe
 * Biden"). Surnames: a hyphenated first token means Western order (Jin-Woo Shin → "Shin"); a
 * hyphenated last token means family name first (Go Myong-hyun → "Go", Jung Sung-Chul → "Jung");
 * otherwise the last token (Biden), or the first when it is a common Korean/Chinese family name
 * (Xi Jinping → "Xi"), with the other end kept as a fallback key.
 *
 * Never invents: unnamed speakers ("said an official"), places and organizations ("South Korea
 * said", "the Ministry said"), acronyms and unknown single words ("Experts said") stay null.
 */
import type { ClaimKind, Speaker } from '../model/source.js'
import { SENTENCE_OPENERS } from './sentences.js'

export interface AttributableClaim {
  start: number
  end: number
  paragraph: number
  kind: ClaimKind
  speaker: Speaker | null
}

// ---------------------------------------------------------------------------------------------
// Word lists

const VERBS = new Set([
  'said', 'says', 'told', 'tells', 'noted', 'notes', 'added', 'adds', 'argued', 'argues', 'observed',
  'observes', 'warned', 'warns', 'stressed', 'stresses', 'emphasized', 'emphasizes', 'emphasised',
  'emphasises', 'highlighted', 'highlights', 'explained', 'explains', 'suggested', 'suggests',
  'believes', 'believed', 'regards', 'regarded', 'described', 'describes', 'raised', 'raises',
  'pointed', 'points', 'contended', 'contends', 'maintained', 'maintains', 'insisted', 'insists',
  'asserted', 'asserts', 'acknowledged', 'acknowledges', 'predicted', 'predicts', 'thinks', 'wrote',
  'writes', 'stated', 'remarked', 'remarks', 'commented', 'comments', 'cautioned', 'cautions',
  'concluded', 'concludes', 'recalled', 'recalls', 'expects', 'claimed', 'claims', 'agreed', 'agrees',
  'feels', 'reckons', 'urged', 'urges', 'recommended', 'recommends', 'proposed', 'proposes',
  'countered', 'replied', 'responded', 'asked', 'asks', 'contended', 'underscored', 'underscores',
  'affirmed', 'affirms', 'mentioned', 'mentions', 'indicated', 'indicates', 'doubts', 'doubted',
  'sees', 'views', 'viewed', 'considers', 'considered', 'announced', 'announces', 'expressed',
  'expresses', 'elaborated', 'clarified', 'conceded', 'admitted', 'speculated', 'forecast',
  'forecasts', 'assessed', 'assesses', 'opined', 'posited', 'posits', 'reasoned', 'wondered',
])

/** Verbs that only report speech with a particular next word ("raised concerns", "pointed out"). */
const VERB_NEEDS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['raised', new Set(['concerns', 'concern', 'doubts', 'questions', 'the'])],
  ['raises', new Set(['concerns', 'concern', 'doubts', 'questions'])],
  ['pointed', new Set(['out', 'to'])],
  ['points', new Set(['out'])],
  ['expressed', new Set(['concern', 'concerns', 'doubt', 'doubts', 'hope', 'optimism', 'skepticism', 'scepticism', 'support', 'regret'])],
  ['expresses', new Set(['concern', 'concerns', 'doubt', 'doubts', 'hope', 'optimism', 'skepticism', 'scepticism', 'support', 'regret'])],
  ['views', new Set(['this', 'the', 'it', 'that', 'these'])],
  ['sees', new Set(['this', 'the', 'it', 'that', 'these', 'a', 'an'])],
])

/** Verbs that can follow their subject: `“…,” said Kim`. */
const POSTPOSABLE = new Set([
  'said', 'says', 'added', 'adds', 'noted', 'notes', 'explained', 'explains', 'wrote', 'writes',
  'argued', 'argues', 'warned', 'warns', 'stressed', 'observed', 'insisted', 'recalled', 'cautioned',
  'remarked', 'concluded', 'asked', 'replied', 'responded', 'continued', 'suggested', 'emphasized',
  'emphasised', 'countered',
])

/** Words allowed between a subject and its verb. */
const BETWEEN = new Set([
  'also', 'has', 'have', 'had', 'further', 'later', 'then', 'once', 'recently', 'previously',
  'repeatedly', 'publicly', 'reportedly', 'long', 'often', 'frequently', 'similarly', 'likewise',
  'firmly', 'strongly', 'clearly', 'explicitly', 'openly', 'rightly', 'correctly', 'even', 'still',
  'already', 'again', 'earlier', 'separately', 'additionally', 'however', 'meanwhile', 'too',
  'specifically', 'particularly', 'notably', 'aptly', 'bluntly', 'candidly', 'pointedly',
])

/** Words that open an appositive after a name: "Kim, a professor at …", "Park, who …". */
const APPOSITIVE_OPENERS = new Set([
  'a', 'an', 'the', 'who', 'whose', 'former', 'senior', 'associate', 'assistant', 'adjunct',
  'visiting', 'professor', 'director', 'head', 'chief', 'founder', 'co-founder', 'fellow',
  'researcher', 'analyst', 'editor', 'spokesperson', 'spokesman', 'spokeswoman', 'minister',
  'ambassador', 'deputy', 'vice', 'executive', 'chair', 'chairman', 'chairwoman', 'president',
  'secretary', 'member', 'lecturer', 'expert', 'scholar', 'author', 'dean', 'research', 'principal',
  'emeritus', 'distinguished', 'nonresident', 'non-resident', 'managing', 'acting',
])

/** Titles and role words: stripped from the front of a name; after one, a name is registered. */
const TITLES = new Set([
  'President', 'Vice', 'Prime', 'Minister', 'Secretary', 'Foreign', 'Defense', 'Defence', 'Finance',
  'Trade', 'Unification', 'Interior', 'Chief', 'Deputy', 'Director', 'Professor', 'Prof.', 'Dr.',
  'Dr', 'Mr.', 'Mr', 'Ms.', 'Ms', 'Mrs.', 'Mrs', 'Sen.', 'Senator', 'Rep.', 'Representative', 'Gov.',
  'Governor', 'Gen.', 'General', 'Lt.', 'Col.', 'Colonel', 'Admiral', 'Adm.', 'Chairman', 'Chairwoman',
  'Chair', 'Ambassador', 'Envoy', 'Chancellor', 'King', 'Queen', 'Emperor', 'Empress', 'Premier',
  'Mayor', 'Leader', 'Spokesperson', 'Spokesman', 'Spokeswoman', 'Former', 'Then', 'Senior',
  'Fellow', 'Analyst', 'Researcher', 'Editor', 'Lawmaker', 'Judge', 'Justice', 'CEO', 'Commissioner',
  'Commander', 'Speaker', 'Pope', 'Prince', 'Princess', 'Sir', 'Dame', 'Lord', 'Lady', 'Rev.',
  'Reverend', 'Father', 'Assistant', 'Associate', 'Emeritus', 'Visiting', 'Acting', 'Opposition',
  'Party', 'Democratic', 'Republican', 'Conservative', 'Liberal', 'Councilor', 'Councillor',
  'Congressman', 'Congresswoman', 'Assemblyman', 'Legislator', 'Officer', 'Lieutenant', 'Major',
  'Captain', 'Sergeant', 'Marshal', 'Attorney', 'Prosecutor',
])

/** Titles after which a following name is registered as a person ("President Joe Biden"). */
const PERSON_TITLES = new Set([
  'President', 'Minister', 'Secretary', 'Professor', 'Prof.', 'Dr.', 'Mr.', 'Ms.', 'Mrs.', 'Sen.',
  'Senator', 'Rep.', 'Representative', 'Gov.', 'Governor', 'Gen.', 'General', 'Chairman',
  'Chairwoman', 'Ambassador', 'Envoy', 'Chancellor', 'Premier', 'Mayor', 'Leader', 'Spokesperson',
  'Spokesman', 'Spokeswoman', 'Director', 'Commissioner', 'Lawmaker', 'Judge', 'Justice', 'King',
  'Queen', 'Emperor', 'Pope', 'Prince', 'Princess', 'Admiral', 'Commander', 'Colonel', 'Lt.', 'Col.',
  'Adm.', 'Rev.', 'Reverend', 'Sir', 'Dame', 'Lord', 'Lady', 'Congressman', 'Congresswoman',
  'Prosecutor', 'Attorney',
])

/** Places, organizations, nationalities and other capitalized words that are never part of a name. */
const NOT_NAME = new Set([
  // places and nationalities
  'Korea', 'Korean', 'Koreans', 'Japan', 'Japanese', 'China', 'Chinese', 'Taiwan', 'Taiwanese',
  'Russia', 'Russian', 'Russians', 'Ukraine', 'Ukrainian', 'America', 'American', 'Americans',
  'United', 'States', 'Kingdom', 'Nations', 'Union', 'European', 'Europe', 'India', 'Indian',
  'Australia', 'Australian', 'Seoul', 'Tokyo', 'Washington', 'Beijing', 'Pyongyang', 'Moscow',
  'Taipei', 'Kyiv', 'Brussels', 'London', 'Paris', 'Berlin', 'Britain', 'British', 'France',
  'French', 'Germany', 'German', 'North', 'South', 'East', 'West', 'Northeast', 'Southeast',
  'Asia', 'Asian', 'Pacific', 'Indo-Pacific', 'Atlantic', 'Busan', 'Incheon', 'Osaka', 'Shanghai',
  'Hong', 'Kong', 'Singapore', 'Vietnam', 'Philippines', 'Indonesia', 'Canada', 'Mexico', 'Iran',
  'Israel', 'Gaza', 'NATO', 'ASEAN', 'Quad', 'Peninsula', 'Sea', 'Strait', 'Island', 'Islands',
  'Africa', 'African', 'Middle', 'Western', 'Eastern', 'Northern', 'Southern', 'Global',
  'U.S.', 'US', 'U.S', 'USA', 'U.S.A.', 'UK', 'U.K.', 'EU', 'UN', 'U.N.', 'ROK', 'DPRK', 'PRC',
  // organizations
  'Government', 'Ministry', 'Administration', 'Institute', 'University', 'College', 'School',
  'Center', 'Centre', 'Foundation', 'Council', 'Office', 'House', 'Department', 'Agency',
  'Committee', 'Commission', 'Assembly', 'Parliament', 'Congress', 'Senate', 'Court', 'Bank',
  'Group', 'Association', 'Organization', 'Organisation', 'Corporation', 'Company', 'Forum', 'Times',
  'News', 'Post', 'Journal', 'Herald', 'Daily', 'Press', 'Service', 'Army', 'Navy', 'Force',
  'Forces', 'Command', 'Embassy', 'Cabinet', 'Secretariat', 'Presidential', 'National', 'Federal',
  'Republic', 'People\u2019s', 'People', 'Strategy', 'Studies', 'Policy', 'Program', 'Programme',
  'Initiative', 'Summit', 'Alliance', 'Network', 'Trust', 'Fund', 'Review', 'Magazine', 'Monthly',
  'Weekly', 'Reuters', 'Yonhap', 'Xinhua', 'Bloomberg', 'Kremlin', 'Pentagon', 'Blue', 'White',
  'State', 'Street', 'Inc.', 'Corp.', 'Co.', 'Ltd.', 'Pro', 'Board', 'Authority', 'Bureau',
  'Police', 'Party', 'Coalition', 'Movement', 'Front', 'Treaty', 'Agreement', 'Act', 'Law', 'Bill',
  'Report', 'Index', 'Council', 'Society', 'Club', 'Partnership', 'Framework', 'Dialogue',
  'Conference', 'Symposium', 'Project', 'Unit', 'Team', 'Division', 'Industries', 'Electronics',
  'Motors', 'Holdings', 'Capital', 'Partners', 'Research', 'Analysis', 'Analyses', 'Affairs',
  'Relations', 'Security', 'Defense', 'International', 'Economic', 'Economy', 'Development',
  'Energy', 'Science', 'Technology', 'Foundation', 'Democracy', 'Freedom', 'Peace', 'War', 'World',
  'Cup', 'Olympics', 'Expo', 'EXPO', 'Games', 'Sachs', 'Stanley', 'Chase', 'Airlines', 'Systems',
  'Technologies', 'Steel', 'Chemical', 'Semiconductor', 'Samsung', 'Hyundai', 'Toyota', 'Sony',
  'Huawei', 'Apple', 'Google', 'Microsoft', 'Amazon', 'Intel', 'Nvidia', 'Boeing',
  // time words
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January',
  'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December', 'Jan.', 'Feb.', 'Mar.', 'Apr.', 'Jun.', 'Jul.', 'Aug.', 'Sep.', 'Sept.', 'Oct.', 'Nov.',
  'Dec.',
  // sentence openers, pronouns and other function words that appear capitalized
  ...SENTENCE_OPENERS,
  'Observers', 'Scholars', 'Researchers', 'Sources', 'Of', 'About',
  'Per', 'Via', 'Through', 'Between', 'Toward', 'Towards', 'Upon', 'Whereas', 'Unless', 'Once',
  'My', 'Me', 'Us', 'Him', 'Them', 'Mine', 'Ours', 'Everyone', 'Nobody', 'Someone', 'Anyone',
  'Let', 'Please', 'Do', 'Does', 'Did', 'Is', 'Are', 'Was', 'Were', 'Be', 'Been', 'Has', 'Have',
  'Had', 'Will', 'Would', 'Can', 'Could', 'Should', 'May', 'Might', 'Must', 'Shall',
])

/** Korean and Chinese family names: a name starting with one is read family-name-first. */
const EAST_ASIAN_FAMILY_NAMES = new Set([
  // Korean
  'Kim', 'Lee', 'Yi', 'Rhee', 'Park', 'Pak', 'Choi', 'Choe', 'Jung', 'Jeong', 'Chung', 'Kang',
  'Cho', 'Jo', 'Yoon', 'Yun', 'Jang', 'Chang', 'Lim', 'Im', 'Han', 'Oh', 'Seo', 'Suh', 'Shin',
  'Sin', 'Kwon', 'Hwang', 'Ahn', 'An', 'Song', 'Yoo', 'Yu', 'Ryu', 'Hong', 'Go', 'Ko', 'Koh',
  'Moon', 'Mun', 'Yang', 'Son', 'Sohn', 'Bae', 'Baek', 'Paik', 'Heo', 'Huh', 'Nam', 'Shim', 'Sim',
  'Noh', 'Roh', 'Ha', 'Kwak', 'Sung', 'Seong', 'Cha', 'Joo', 'Ju', 'Woo', 'Min', 'Na', 'Jin', 'Ji',
  'Um', 'Eom', 'Chae', 'Won', 'Cheon', 'Chun', 'Bang', 'Gong', 'Kong', 'Hyun', 'Ham', 'Byun',
  'Yeom', 'Yeo', 'Chu', 'Choo', 'Do', 'Seok', 'Suk', 'Sun', 'Sul', 'Seol', 'Ma', 'Gil', 'Kil',
  'Yeon', 'Pyo', 'Myung', 'Ki', 'Ban', 'Wang', 'Ok', 'Yook', 'Yuk', 'Maeng', 'Je', 'Tak', 'Eun',
  // Chinese
  'Xi', 'Li', 'Zhang', 'Liu', 'Chen', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Zhu', 'Hu', 'Guo',
  'He', 'Lin', 'Gao', 'Luo', 'Zheng', 'Liang', 'Xie', 'Tang', 'Deng', 'Feng', 'Cao', 'Peng', 'Zeng',
  'Xiao', 'Tian', 'Dong', 'Pan', 'Yuan', 'Cai', 'Jiang', 'Du', 'Ye', 'Cheng', 'Wei', 'Su', 'Lu',
  'Ding', 'Ren', 'Yao', 'Shen', 'Zhong', 'Cui', 'Tan', 'Fan', 'Shi', 'Liao', 'Jia', 'Xia', 'Fu',
  'Fang', 'Bai', 'Zou', 'Meng', 'Xiong', 'Qin', 'Qiu', 'Hou', 'Yin', 'Xue', 'Yan', 'Duan', 'Lei',
  'Long', 'Tao', 'Mao', 'Hao', 'Gu', 'Shao', 'Wan', 'Qian', 'Dai', 'Mo', 'Xiang', 'Tsai', 'Lai',
  'Chiang', 'Teng', 'Hsieh', 'Hsu', 'Chou', 'Chao', 'Wong', 'Leung', 'Cheung', 'Ho', 'Lam', 'Chan',
  'Tsang', 'Yip', 'Kwok', 'Tse',
])

const PRONOUNS = new Set(['he', 'she', 'He', 'She'])

// ---------------------------------------------------------------------------------------------
// Characters and tokens

const UPPER_RE = /^[\p{Lu}\p{Lt}]$/u
const WORD_RE = /^[\p{L}\p{M}\p{N}]$/u
/** 0 = unknown, 1 = word character, 2 = not. Filled lazily for code units >= 0x80. */
const WORD_CACHE = new Uint8Array(0x10000)

function isWordChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
  if (c >= 0xd800 && c <= 0xdfff) return true // astral letters (CJK extensions): keep them in words
  let v = WORD_CACHE[c] ?? 0
  if (v === 0) {
    v = WORD_RE.test(String.fromCharCode(c)) ? 1 : 2
    WORD_CACHE[c] = v
  }
  return v === 1
}

function isUpperChar(s: string): boolean {
  const c = s.charCodeAt(0)
  if (c < 0x80) return c >= 0x41 && c <= 0x5a
  return UPPER_RE.test(s[0] ?? '')
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x0b || c === 0x0c ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x3000 || c === 0x2028 || c === 0x2029
}

// Gap flags: what lies between a token and the one before it.
const G_SPACE = 1 // whitespace only (possibly empty)
const G_COMMA = 2 // contains a comma
const G_COMMA_SIMPLE = 4 // exactly one comma plus whitespace
const G_CLOSE_QUOTE = 8 // contains a closing quotation mark
const G_HARD = 16 // contains sentence-level punctuation: . ! ? ; : ( ) [ ] — – and quotes

interface Token {
  s: number
  e: number
  w: string
  /** Gap flags for the text before this token. */
  gap: number
}

const CONNECTORS = new Set([0x2d, 0x27, 0x2019, 0x2e, 0x2010, 0x2011]) // - ' ’ . and hyphens

const DOTTED_TITLES = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Prof', 'Sen', 'Rep', 'Gov', 'Gen', 'Lt', 'Col', 'Adm', 'Rev', 'St', 'Jr', 'Sr'])

function gapFlags(text: string, a: number, b: number): number {
  let flags = 0
  let commas = 0
  let other = false
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) continue
    if (c === 0x2c) {
      commas++
      continue
    }
    other = true
    if (c === 0x201d || c === 0x22 || c === 0x2019 || c === 0x300d || c === 0x00bb) flags |= G_CLOSE_QUOTE
    flags |= G_HARD
  }
  if (commas === 0 && !other) flags |= G_SPACE
  if (commas > 0) flags |= G_COMMA
  if (commas === 1 && !other) flags |= G_COMMA_SIMPLE
  return flags
}

/** Word tokens of text[start,end): letters/digits joined by hyphens, apostrophes and dots. */
function tokenize(text: string, start: number, end: number): Token[] {
  const toks: Token[] = []
  let i = start
  let prevEnd = start
  while (i < end) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++
      continue
    }
    const s = i
    i++
    for (;;) {
      while (i < end && isWordChar(text.charCodeAt(i))) i++
      if (i + 1 < end && CONNECTORS.has(text.charCodeAt(i)) && isWordChar(text.charCodeAt(i + 1))) {
        i += 2
        continue
      }
      break
    }
    // Keep a final dot on initials, dotted abbreviations and short titles: "F.", "U.S.", "Dr.".
    if (i < end && text.charCodeAt(i) === 0x2e) {
      const w = text.slice(s, i)
      if ((w.length === 1 && isUpperChar(w)) || w.includes('.') || DOTTED_TITLES.has(w)) i++
    }
    toks.push({ s, e: i, w: text.slice(s, i), gap: gapFlags(text, prevEnd, s) })
    prevEnd = i
  }
  return toks
}

function stripPossessive(w: string): { base: string; possessive: boolean } {
  if (w.endsWith('\u2019s') || w.endsWith("'s")) return { base: w.slice(0, -2), possessive: true }
  return { base: w, possessive: false }
}

function isAcronym(w: string): boolean {
  let upper = 0
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i)
    if (c === 0x2e || c === 0x2d) continue
    if (c >= 0x41 && c <= 0x5a) upper++
    else return false
  }
  return upper >= 2
}

/** A capitalized token that could belong to a person's name (titles allowed; stripped later). */
function isCapToken(w: string): boolean {
  return w.length > 0 && isUpperChar(w)
}

/** A token that can be part of the name proper. */
function isNameToken(w: string): boolean {
  if (!isCapToken(w)) return false
  if (NOT_NAME.has(w) || TITLES.has(w)) return false
  if (isAcronym(w)) return false
  const c = w.charCodeAt(0)
  if (c >= 0x30 && c <= 0x39) return false
  return true
}

// ---------------------------------------------------------------------------------------------
// Registry of people

interface Person {
  name: string
  affiliation: string | null
}

class Registry {
  private readonly full = new Map<string, Person>()
  private readonly primary = new Map<string, Person>()
  private readonly secondary = new Map<string, Person>()

  add(tokens: string[], affiliation: string | null): Person {
    const name = tokens.join(' ')
    let p = this.full.get(name)
    if (p) {
      if (affiliation && !p.affiliation) p.affiliation = affiliation
    } else {
      p = { name, affiliation }
      this.full.set(name, p)
    }
    const first = tokens[0] ?? ''
    const last = tokens[tokens.length - 1] ?? ''
    const hyphen = (w: string): boolean => w.includes('-')
    let pri: string
    let sec: string | null = null
    if (hyphen(first) && !hyphen(last)) pri = last // Jin-Woo Shin
    else if (hyphen(last) && !hyphen(first)) pri = first // Go Myong-hyun, Jung Sung-Chul
    else if (EAST_ASIAN_FAMILY_NAMES.has(first) && tokens.length <= 3) {
      pri = first // Xi Jinping, Kim Jong Un
      sec = last
    } else {
      pri = last // Joe Biden, Fumio Kishida
      sec = first
    }
    this.primary.set(stripDot(pri), p)
    if (sec !== null && sec !== pri && !this.primary.has(stripDot(sec))) this.secondary.set(stripDot(sec), p)
    return p
  }

  byName(name: string): Person | undefined {
    return this.full.get(name)
  }

  bySurname(w: string): Person | undefined {
    return this.primary.get(w) ?? this.secondary.get(w)
  }
}

function stripDot(w: string): string {
  return w.endsWith('.') ? w.slice(0, -1) : w
}

// ---------------------------------------------------------------------------------------------
// Name finding

/** Names end at `idx` and are read backwards: the name proper after the last title/stop word. */
function nameEndingAt(toks: Token[], idx: number): string[] | null {
  const last = toks[idx]
  if (!last || !isCapToken(last.w)) return null
  if (stripPossessive(last.w).possessive) return null
  let k = idx
  let n = 1
  while (n < 8 && k > 0) {
    const cur = toks[k]
    const prev = toks[k - 1]
    if (!cur || !prev || !(cur.gap & G_SPACE) || !isCapToken(prev.w) || stripPossessive(prev.w).possessive) break
    k--
    n++
  }
  const names: string[] = []
  for (let t = idx; t >= k; t--) {
    const w = toks[t]?.w ?? ''
    if (!isNameToken(w)) break
    names.push(w)
  }
  if (names.length === 0 || names.length > 4) return null
  names.reverse()
  return names
}

/** Names starting at `idx`, read forwards after optional titles: "Professor Kim Tae-hyo". */
function nameStartingAt(toks: Token[], idx: number): { names: string[]; end: number; possessive: boolean } | null {
  let t = idx
  let titles = 0
  while (titles < 4 && t < toks.length) {
    const w = toks[t]?.w ?? ''
    if (!(TITLES.has(w) || (NOT_NAME.has(w) && isCapToken(w) && !PRONOUNS.has(w)))) break
    if (t > idx && !((toks[t]?.gap ?? 0) & G_SPACE)) return null
    t++
    titles++
  }
  const names: string[] = []
  let possessive = false
  while (t < toks.length && names.length < 5) {
    const tok = toks[t]
    if (!tok) break
    if (names.length > 0 || t > idx) {
      if (!(tok.gap & G_SPACE)) break
    }
    const { base, possessive: poss } = stripPossessive(tok.w)
    if (!isNameToken(base)) break
    names.push(base)
    t++
    if (poss) {
      possessive = true
      break
    }
  }
  if (names.length === 0 || names.length > 4) return null
  return { names, end: t - 1, possessive }
}

// ---------------------------------------------------------------------------------------------
// Affiliations

function cleanAffiliation(rest: string): string | null {
  let r = rest.trimStart()
  for (let round = 0; round < 3; round++) {
    if (r.startsWith('the ') || r.startsWith('The ')) r = r.slice(4).trimStart()
    const sp = r.indexOf(' ')
    const first = sp < 0 ? r : r.slice(0, sp)
    if (first.endsWith('-based') && sp > 0) r = r.slice(sp + 1).trimStart()
  }
  if (r.length === 0 || !isUpperChar(r)) return null
  // Cut at clause boundaries: " in Seoul", " and a former …", " where …", "(".
  let cut = r.length
  const stops = [',', ';', ':', '(', ' \u2014', '\u2014', ' \u2013', ' who ', ' where ', ' which ', ' since ', ' and a ', ' and an ', ' and the ', ' and former ', ' and also ']
  for (const s of stops) {
    const at = r.indexOf(s)
    if (at > 0 && at < cut) cut = at
  }
  const inAt = r.indexOf(' in ')
  if (inAt > 0 && inAt < cut) {
    const after = r.charAt(inAt + 4)
    if (after && isUpperChar(after)) cut = inAt
  }
  r = r.slice(0, cut).trim()
  while (r.length > 0 && '.\u201d"\u2019\''.includes(r.charAt(r.length - 1))) {
    const body = r.slice(0, -1)
    // keep the dot of a final abbreviation such as "Inc."
    if (r.endsWith('.') && /(?:^|\s)(?:Inc|Corp|Co|Ltd)$/.test(body)) break
    r = body.trimEnd()
  }
  if (r.length === 0 || r.length > 120) return null
  return r
}

/** The organization an appositive names: after "at", "with", "from", else "of". */
function affiliationOf(text: string, s: number, e: number): string | null {
  if (e - s > 400) e = s + 400
  const seg = text.slice(s, e).replace(/\s+/g, ' ')
  for (const prep of [' at ', ' with ', ' from ', ' of ']) {
    let idx = seg.indexOf(prep)
    while (idx >= 0) {
      const a = cleanAffiliation(seg.slice(idx + prep.length))
      if (a) return a
      idx = seg.indexOf(prep, idx + 1)
    }
  }
  // "who teaches at …" is covered above; "Asan Institute senior analyst" and the like are not.
  return null
}

/** End (token index, inclusive) of an appositive that starts at token `t`. */
function appositiveEnd(toks: Token[], t: number): number {
  let u = t
  const limit = Math.min(toks.length - 1, t + 40)
  while (u < limit) {
    const next = toks[u + 1]
    if (!next || next.gap & (G_COMMA | G_HARD)) break
    u++
  }
  return u
}

function isOpener(w: string): boolean {
  return APPOSITIVE_OPENERS.has(w) || APPOSITIVE_OPENERS.has(w.toLowerCase())
}

// ---------------------------------------------------------------------------------------------
// Attribution

interface Found {
  person: Person | null
  pronoun: boolean
}

function resolve(reg: Registry, names: string[], affiliation: string | null): Person | null {
  if (names.length === 1) {
    const w = stripDot(names[0] ?? '')
    const p = reg.bySurname(w)
    if (p && affiliation && !p.affiliation) p.affiliation = affiliation
    return p ?? null
  }
  return reg.add(names, affiliation)
}

function verbAt(toks: Token[], i: number): boolean {
  const w = toks[i]?.w
  if (w === undefined || !VERBS.has(w)) return false
  const needs = VERB_NEEDS.get(w)
  if (!needs) return true
  const next = toks[i + 1]
  return next !== undefined && needs.has(next.w.toLowerCase())
}

/** The subject before the verb at `v`. */
function subjectBefore(text: string, toks: Token[], v: number, reg: Registry): Found | null {
  let k = v - 1
  let skipped = 0
  while (k >= 0 && skipped < 3) {
    const w = toks[k]?.w ?? ''
    const next = toks[k + 1]
    if (!BETWEEN.has(w) || !next) break
    const loose = w === 'however' || w === 'meanwhile' || w === 'too'
    if (!(next.gap & G_SPACE) && !(loose && next.gap & G_COMMA_SIMPLE)) break
    k--
    skipped++
  }
  const subj = toks[k]
  const after = toks[k + 1]
  if (k < 0 || !subj || !after) return null
  if (PRONOUNS.has(subj.w) && after.gap & (G_SPACE | G_COMMA_SIMPLE)) return { person: null, pronoun: true }
  if (after.gap & G_SPACE) {
    const names = nameEndingAt(toks, k)
    if (names) return { person: resolve(reg, names, null), pronoun: false }
    return null
  }
  if (after.gap & G_COMMA_SIMPLE) {
    // NAME, APPOSITIVE[, …], VERB — look back over at most three commas.
    let commas = 0
    const floor = Math.max(1, k - 60)
    for (let t = k; t >= floor; t--) {
      const tok = toks[t]
      if (!tok) break
      if (tok.gap & G_HARD) break
      if (tok.gap & G_COMMA) {
        commas++
        if (tok.gap & G_COMMA_SIMPLE && isOpener(tok.w)) {
          const names = nameEndingAt(toks, t - 1)
          if (names) {
            const aff = affiliationOf(text, tok.s, subj.e)
            return { person: resolve(reg, names, aff), pronoun: false }
          }
        }
        if (commas >= 3) break
      }
    }
  }
  return null
}

/** The subject after a postposed verb at `v`: `…,” said Kim Tae-hyo, a professor at …`. */
function subjectAfter(text: string, toks: Token[], v: number, reg: Registry): Found | null {
  const verb = toks[v]
  const next = toks[v + 1]
  if (!verb || !next || !POSTPOSABLE.has(verb.w)) return null
  if (!(verb.gap & (G_COMMA | G_CLOSE_QUOTE))) return null
  if (!(next.gap & G_SPACE)) return null
  if (PRONOUNS.has(next.w)) return { person: null, pronoun: true }
  return nameAndAppositiveFrom(text, toks, v + 1, reg)
}

function nameAndAppositiveFrom(text: string, toks: Token[], idx: number, reg: Registry): Found | null {
  const found = nameStartingAt(toks, idx)
  if (!found || found.possessive) return null
  let aff: string | null = null
  const after = toks[found.end + 1]
  if (after && after.gap & G_COMMA_SIMPLE && isOpener(after.w)) {
    const end = appositiveEnd(toks, found.end + 1)
    aff = affiliationOf(text, after.s, toks[end]?.e ?? after.e)
  } else if (after && after.gap & G_SPACE && (after.w === 'of' || after.w === 'at' || after.w === 'from')) {
    const end = appositiveEnd(toks, found.end + 1)
    aff = cleanAffiliation(text.slice(toks[found.end + 2]?.s ?? after.e, toks[end]?.e ?? after.e))
  }
  return { person: resolve(reg, found.names, aff), pronoun: false }
}

/** Register people introduced in this claim: appositives and titled names. */
function registerIntroductions(text: string, toks: Token[], reg: Registry): Person | null {
  let latest: Person | null = null
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t]
    if (!tok) continue
    // "Kim Tae-hyo, a professor at Korea University, …"
    if (t > 0 && tok.gap & G_COMMA_SIMPLE && isOpener(tok.w)) {
      const names = nameEndingAt(toks, t - 1)
      if (names && names.length >= 2) {
        const end = appositiveEnd(toks, t)
        // An appositive needs a role noun or "who": "a senior analyst", not "a country".
        if (looksLikeRole(toks, t, end)) {
          latest = reg.add(names, affiliationOf(text, tok.s, toks[end]?.e ?? tok.e))
        }
      }
    }
    // "President Joe Biden", "Prime Minister Fumio Kishida"
    if (PERSON_TITLES.has(tok.w)) {
      const next = toks[t + 1]
      if (next && next.gap & G_SPACE && !TITLES.has(next.w)) {
        const found = nameStartingAt(toks, t + 1)
        if (found && found.names.length >= 2 && !reg.byName(found.names.join(' '))) reg.add(found.names, null)
      }
    }
  }
  return latest
}

const ROLE_WORDS = new Set([
  'analyst', 'professor', 'director', 'head', 'chief', 'founder', 'fellow', 'researcher', 'editor',
  'spokesperson', 'spokesman', 'spokeswoman', 'minister', 'ambassador', 'deputy', 'executive',
  'chair', 'chairman', 'chairwoman', 'president', 'secretary', 'member', 'lecturer', 'expert',
  'scholar', 'author', 'dean', 'official', 'adviser', 'advisor', 'diplomat', 'economist',
  'strategist', 'commentator', 'columnist', 'journalist', 'correspondent', 'reporter', 'lawmaker',
  'legislator', 'politician', 'officer', 'general', 'commander', 'envoy', 'negotiator', 'leader',
  'specialist', 'consultant', 'manager', 'partner', 'founder', 'co-founder', 'scientist',
  'historian', 'political', 'researcher', 'candidate', 'mayor', 'governor', 'senator', 'judge',
  'lawyer', 'attorney', 'prosecutor', 'chancellor', 'premier', 'representative', 'coordinator',
  'who', 'whose',
])

function looksLikeRole(toks: Token[], t: number, end: number): boolean {
  for (let u = t; u <= end && u < t + 8; u++) {
    const w = toks[u]?.w.toLowerCase() ?? ''
    if (ROLE_WORDS.has(w)) return true
  }
  return false
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Whether a claim can name or introduce a speaker at all: it holds a reporting verb,
 * "according to", a comma followed by an appositive opener, or a person's title. Most
 * sentences hold none, and skipping their tokenization is most of the module's cost.
 * Case-sensitive like the token checks it stands in front of (and much faster so).
 */
const MAY_ATTRIBUTE = new RegExp(
  `\\b(?:${[...VERBS, ...VERB_NEEDS.keys(), 'according', 'According'].map(escapeRegExp).join('|')})\\b` +
    `|[,，]\\s*(?:${[...APPOSITIVE_OPENERS].flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1)]).map(escapeRegExp).join('|')})\\b` +
    `|\\b(?:${[...PERSON_TITLES].map(escapeRegExp).join('|')})(?=\\s)`,
)

function mayAttribute(claim: string): boolean {
  return MAY_ATTRIBUTE.test(claim)
}

/** Set `speaker` on each claim (in document order, spans into `text`) whose sentence reports what a named person said or thinks. */
export function attributeSpeakers(text: string, claims: AttributableClaim[]): void {
  const reg = new Registry()
  let last: { person: Person; paragraph: number } | null = null
  for (const claim of claims) {
    const { start, end } = claim
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
      throw new RangeError(
        `attributeSpeakers: claim span [${String(start)}, ${String(end)}) does not fit a text of length ${text.length}; ` +
          'claims must hold integer offsets with 0 <= start <= end <= text.length',
      )
    }
    if (start === end || !mayAttribute(text.slice(start, end))) continue
    const toks = tokenize(text, start, end)
    const introduced = registerIntroductions(text, toks, reg)

    let found: Found | null = null
    for (let i = 0; i < toks.length && !found; i++) {
      const tok = toks[i]
      if (!tok) continue
      if ((tok.w === 'according' || tok.w === 'According') && toks[i + 1]?.w === 'to' && ((toks[i + 1]?.gap ?? 0) & G_SPACE)) {
        const f = nameAndAppositiveFrom(text, toks, i + 2, reg)
        if (f?.person) found = f
        continue
      }
      if (!verbAt(toks, i)) continue
      let f = subjectBefore(text, toks, i, reg)
      if (!f || (!f.person && !f.pronoun)) f = subjectAfter(text, toks, i, reg)
      if (f && (f.person || f.pronoun)) {
        if (f.pronoun && !(last && claim.paragraph - last.paragraph <= 1 && claim.paragraph >= last.paragraph)) continue
        found = f
      }
    }

    let person: Person | null = null
    if (found?.person) person = found.person
    else if (found?.pronoun && last) person = last.person
    if (person) {
      claim.speaker = { name: person.name, affiliation: person.affiliation }
      last = { person, paragraph: claim.paragraph }
    } else if (introduced) {
      last = { person: introduced, paragraph: claim.paragraph }
    }
  }
}
