import type { Person } from '../model/source.js'
import { OutlineBuilder } from '../outline/builder.js'
import { DATE_STRENGTH, chooseDate, isoDate, parseDate, type DateEvidence } from '../outline/dates.js'
import { mergeAuthors, person } from '../outline/names.js'
import { endsSentence, paragraphSpans, splitLines, type Line } from './lines.js'
import { blankMeta } from './meta.js'
import { publisherFromEmail, publisherFromUrl } from './publishers.js'
import type { Reader, ReaderContext, ReaderResult } from './types.js'

// Each pattern is anchored and bounded: the classifier runs on every line of large scrapes.
const NAV = new Set(
  ('go to contents|skip to content|skip to main content|skip navigation|search|menu|home|subscribe|sign in|sign up|' +
    'log in|login|logout|share|print|close|top|back to top|advertisement|related articles|related|most read|' +
    'most popular|more|next|previous|facebook|twitter|kakao|kakaotalk|line|email|e-mail|copy link|font size|' +
    'listen|comments|newsletter|trending|latest news|read more|all|news|opinion|editorial|world|politics|' +
    'economy|business|national|north korea|sports|entertainment|culture|lifestyle|english|tags|' +
    '전체메뉴|메뉴|검색|로그인|회원가입|구독|홈|공유|인쇄|닫기|기사목록|메뉴 열기|ニュース|検索|メニュー|ホーム|トップ|' +
    '首页|首頁|搜索|搜尋|登录|登錄|注册|註冊|菜单|選單|返回顶部|分享|打印|列印')
    .split('|'),
)
const LANGUAGES = new Set(
  ('한국어|日本語|中文|简体中文|繁體中文|中文(简体)|中文(繁體)|english|español|français|deutsch|русский|العربية|' +
    'tiếng việt|ภาษาไทย|bahasa indonesia|português|italiano|korean|japanese|chinese')
    .split('|'),
)
const STAMP = /^(Posted|Published|First published|Updated|Last updated|Modified|Edited|입력|수정|게재|登録|更新日?|発行|公開日?|投稿日|发布时间|发布日期|發布時間|發佈時間|发布|發布|更新时间|更新時間)\s{0,3}[:：]?\s{0,3}(.{4,80})$/iu
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day'
const BANNER = new RegExp(
  `^(?:${WEEKDAY},?\\s{1,3})?[\\w ,.]{6,30}?\\d{4}(?:\\s{1,3}\\d{1,2}:\\d{2}(?::\\d{2})?)?(?:\\s{0,3}(?:GMT|UTC|KST|JST|EST|EDT|[AP]M))?$`,
  'iu',
)
const MENAFN_ID = /^MENAFN(\d{2})(\d{2})(\d{4})\d{0,20}ID\d{1,20}$/u
const AGGREGATOR_TAG = /^\((MENAFN|PRNewswire|GLOBE NEWSWIRE|Business Wire|ACCESSWIRE)\s{0,2}[-–—]\s{0,2}([^)]{2,80})\)\s{0,3}/iu
const DATELINE = /^([A-Z][A-Z .'-]{1,40}),\s{0,3}(?:[A-Z][a-z]{2,8}\.?\s{0,2}\d{1,2}\s{0,3})?\(([\w .'-]{2,40})\)\s{0,3}(?:--|—|–|-)\s{0,3}/u
const REPUBLISHED = /^(?:This (?:article|story|piece|commentary|op-ed)|The (?:article|story)|Article)\b.{0,120}?\b(?:originally published|first published|first appeared|is republished|was republished|reprinted)\b/iu
const ORIGINAL_BY = /\b(?:originally published|first published|first appeared)\s{1,3}(?:by|in|on|at)\s{1,3}(?:the\s)?([\p{Lu}][\p{L}\p{N}&.' -]{1,60}?)\s{0,2}(?:[,.;]|\s(?:and|on|in)\b|$)/u
const DISCLAIMER_HEAD = /^(?:Legal Disclaimer|Disclaimer|Terms of Use|Privacy Policy)\s{0,3}:?$/iu
const DISCLAIMER_TEXT = /\b(?:without warranty|do(?:es)? not accept any responsibility|views expressed (?:here|in this)|all rights reserved|do not necessarily reflect)\b/iu
const COPYRIGHT = /^(?:Copyright|©|\(c\)|Ⓒ)\s{0,3}[:©]?\s{0,3}(?:\d{4}\s{0,3})?(.{0,100})$/iu
const NAME = "\\p{Lu}[\\p{L}'’.-]{0,30}(?:\\s{1,2}\\p{Lu}[\\p{L}'’.-]{0,30}){1,3}"
const EMAIL = '[\\w.+-]{1,64}@[\\w-]{1,63}(?:\\.[\\w-]{1,63}){1,5}'
const HANGUL_NAME = '[\\p{Script=Hangul}]{2,4}'
const BYLINE_EMAIL = new RegExp(
  `^(?:By\\s{1,3})?(${NAME}|${HANGUL_NAME})\\s{0,3}(?:기자|특파원|논설위원|선임기자|객원기자)?\\s{0,3}[,/|]?\\s{0,3}(${EMAIL})$`,
  'u',
)
const BYLINE_TOP = new RegExp(`^By\\s{1,3}(${NAME}(?:\\s{0,2}(?:,|and|&)\\s{0,2}${NAME}){0,4})(?:\\s{0,3}[,|/–—-]\\s{0,3}.{0,80})?$`, 'u')
const EMAIL_ONLY = new RegExp(`^${EMAIL}$`, 'u')
// "（记者 王丽）", "記者 陳美玲", "文／李明": Chinese bylines name the reporter after a role word.
const BYLINE_HAN = /^[（(]?\s{0,2}(?:记者|記者|文|作者|编辑|編輯)\s{0,2}[:：／/]?\s{0,2}([\p{Script=Han}]{2,4})\s{0,2}[)）]?$/u
const URL_LINE = /^(?:(?:Source|URL|Link|Original|Read more at|원문)\s{0,3}:?\s{0,3})?(https?:\/\/[^\s<>"]{3,500})$/iu
// "Jane Roe, a former minister of …, is professor of …" — the author's closing bio line.
const BIO = new RegExp(`^(${NAME}),\\s{1,3}(?:a|an|the|who)\\s[^\\n]{5,300}?,\\s{1,3}(?:is|was|serves as|teaches)\\s[^\\n]{3,300}$|^(${NAME})\\s(?:is|was)\\s(?:a|an|the)\\s(?:former\\s|senior\\s|visiting\\s)?(?:professor|fellow|director|president|minister|ambassador|analyst|researcher|editor|columnist|chair)[^\\n]{0,300}$`, 'u')

/** Cheap substring checks before the disclaimer pattern, which would otherwise scan every body line. */
function mayBeDisclaimer(text: string): boolean {
  // Without their first letters, so that case does not matter.
  return text.includes('arrant') || text.includes('esponsib') || text.includes('ights reserved') || text.includes('iews expressed') || text.includes('ecessarily')
}

type Kind =
  | 'content'
  | 'nav'
  | 'language'
  | 'stamp'
  | 'banner'
  | 'aggregator-id'
  | 'republished'
  | 'disclaimer'
  | 'copyright'
  | 'byline'
  | 'signature'
  | 'bio'
  | 'email'
  | 'url'

interface Classified {
  line: Line
  kind: Kind
}

function classify(line: Line, bodyStarted: boolean): Kind {
  const text = line.text
  // Lookbehinds and split-then-trim keep these linear on a long run of spaces or bullets.
  if (text.length <= 40 && NAV.has(text.toLowerCase().replace(/(?<![\s|>»›·•:])[\s|>»›·•:]+$/u, ''))) return 'nav'
  if (text.length <= 60 && text.split(/[|/·]/u).every((part) => LANGUAGES.has(part.trim().toLowerCase()))) return 'language'
  if (MENAFN_ID.test(text)) return 'aggregator-id'
  if (text.length <= 100 && STAMP.test(text) && parseDate(text)) return 'stamp'
  if (text.length <= 60 && BANNER.test(text) && parseDate(text)) return 'banner'
  if (text.length <= 400 && REPUBLISHED.test(text.replace(AGGREGATOR_TAG, ''))) return 'republished'
  if (DISCLAIMER_HEAD.test(text)) return 'disclaimer'
  if (text.length <= 120 && COPYRIGHT.test(text)) return 'copyright'
  if (text.length <= 140 && (BYLINE_EMAIL.test(text) || BYLINE_HAN.test(text))) return 'signature'
  if (!bodyStarted && text.length <= 160 && BYLINE_TOP.test(text)) return 'byline'
  if (EMAIL_ONLY.test(text)) return 'email'
  if (text.length <= 520 && URL_LINE.test(text)) return 'url'
  if (bodyStarted && text.length <= 600 && BIO.test(text)) return 'bio'
  return 'content'
}

/**
 * Length as the eye sees it: a CJK character carries about as much as two
 * Latin ones, so thresholds written for English work for Korean too.
 */
function visualLength(text: string): number {
  let wide = 0
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x1100) wide++
  return text.length + wide
}

// A punctuated line at least this long (in visual width) is body text, not a title or a stamp.
const BODY_LINE = 80

/** A line long enough and punctuated like a sentence: the article's body has begun. */
function isBodyLine(text: string): boolean {
  return (text.length > BODY_LINE || visualLength(text) > BODY_LINE) && endsSentence(text)
}

// How many lines from the end a disclaimer paragraph may stand.
const TAIL_LINES = 40

/** Markers that close an article: what follows them is footer, disclaimer or teasers of other articles. */
const ENDS_ARTICLE = new Set<Kind>(['aggregator-id', 'disclaimer', 'copyright', 'bio', 'signature'])

function read(text: string, context: ReaderContext): ReaderResult {
  const { bag } = context
  const meta = blankMeta('news')
  const dates: DateEvidence[] = []
  const people: Person[] = []
  const lines = splitLines(text, false)
  const lineCount = lines.length === 0 ? 0 : lines[lines.length - 1]!.index + 1
  const classified: Classified[] = []
  let bodyStarted = false
  // The index of the line that ends the article; everything from it on is not content.
  let end = lineCount
  for (const line of lines) {
    const kind = classify(line, bodyStarted)
    classified.push({ line, kind })
    if (kind === 'content' && isBodyLine(line.text)) bodyStarted = true
    if (bodyStarted && ENDS_ARTICLE.has(kind)) end = Math.min(end, line.index)
  }

  // Disclaimers without a heading stand at the end: look there only, not in every body line.
  for (let i = classified.length - 1; i >= 0 && i >= classified.length - TAIL_LINES; i--) {
    const c = classified[i]!
    if (c.kind === 'content' && bodyStarted && mayBeDisclaimer(c.line.text) && DISCLAIMER_TEXT.test(c.line.text)) {
      c.kind = 'disclaimer'
      end = Math.min(end, c.line.index)
    }
  }

  // Teasers of other articles cut off mid-sentence can trail an article with no end marker.
  const firstBody = classified.find((c) => c.kind === 'content' && isBodyLine(c.line.text))
  if (end === lineCount && firstBody) {
    for (let i = classified.length - 1; i >= 0; i--) {
      const c = classified[i]!
      if (c.line.index <= firstBody.line.index) break
      if (c.kind !== 'content') continue
      if (visualLength(c.line.text) < BODY_LINE || endsSentence(c.line.text) || /[:;,]$/u.test(c.line.text)) break
      end = c.line.index
    }
  }

  // Title: a line printed twice at the top, else the first short unpunctuated line before the body.
  const top = classified.filter((c) => c.kind === 'content' && !isBodyLine(c.line.text))
  const bodyIndex = firstBody?.line.index ?? lineCount
  const headLines = top.filter((c) => c.line.index < bodyIndex)
  let titleLine: Line | null = null
  const titleLike = (t: string): boolean => t.length <= 200 && !endsSentence(t)
  for (let i = 0; i + 1 < headLines.length; i++) {
    if (titleLike(headLines[i]!.line.text) && headLines[i]!.line.text === headLines[i + 1]!.line.text) {
      titleLine = headLines[i]!.line
      break
    }
  }
  titleLine ??= headLines.find((c) => titleLike(c.line.text))?.line ?? null
  meta.title = titleLine?.text ?? null
  const skip = new Set<number>()
  if (titleLine) for (const c of headLines) if (c.line.text === titleLine.text) skip.add(c.line.index)

  let removed = 0
  const content: Line[] = []
  let opEd = false
  for (const { line, kind } of classified) {
    const t = line.text
    switch (kind) {
      case 'stamp': {
        const m = STAMP.exec(t)!
        const date = parseDate(t)!
        const updated = /updat|modif|edit|수정|更新/iu.test(m[1] ?? '')
        dates.push({ date, strength: updated ? DATE_STRENGTH.modified : DATE_STRENGTH.stamp, label: `"${m[1]}" stamp`, at: line.start })
        break
      }
      case 'banner':
        if (line.index < bodyIndex) dates.push({ date: parseDate(t)!, strength: DATE_STRENGTH.banner, label: 'page banner', at: line.start })
        break
      case 'aggregator-id': {
        const m = MENAFN_ID.exec(t)!
        const date = isoDate(+m[3]!, +m[2]!, +m[1]!)
        if (date) dates.push({ date, strength: DATE_STRENGTH.aggregatorId, label: 'MENAFN item id', at: line.start })
        break
      }
      case 'republished': {
        const tag = AGGREGATOR_TAG.exec(t)
        if (tag) meta.publisher ??= tag[2]!.trim()
        const m = ORIGINAL_BY.exec(t)
        if (m) meta.originalPublisher ??= m[1]!.trim()
        break
      }
      case 'copyright': {
        const holder = COPYRIGHT.exec(t)?.[1]?.replace(/all rights reserved\.?/iu, '').replace(/(?<![.,;\s])[.,;\s]+$/u, '').trim()
        if (holder) {
          meta.publisher ??= holder
          if (/syndicate/iu.test(holder)) opEd = true
        }
        break
      }
      case 'byline':
      case 'signature': {
        const withEmail = BYLINE_EMAIL.exec(t)
        const han = BYLINE_HAN.exec(t)
        if (withEmail) people.push(person(withEmail[1]!.trim(), { email: withEmail[2]! }))
        else if (han) people.push(person(han[1]!))
        else {
          const names = BYLINE_TOP.exec(t)?.[1] ?? ''
          for (const name of names.split(/,|\band\b|&/u)) if (name.trim()) people.push(person(name.trim()))
        }
        break
      }
      case 'url':
        meta.url ??= URL_LINE.exec(t)![1]!
        break
      case 'email': {
        const last = people[people.length - 1]
        if (last && !last.email) last.email = t
        break
      }
      case 'bio': {
        const m = BIO.exec(t)!
        if (line.index >= end) {
          const name = (m[1] ?? m[2] ?? '').trim()
          if (name) people.push(person(name))
          opEd = true
        }
        break
      }
      case 'content':
        if (line.index >= end) removed++
        else if (!skip.has(line.index)) content.push(line)
        break
      default:
        break
    }
  }
  if (removed > 0) {
    bag.report('boilerplate-removed', `left out ${removed} line(s) after the end of the article (teasers of other articles, footers)`, lines.find((l) => l.index >= end)?.start ?? 0)
  }

  meta.authors = mergeAuthors(people)
  meta.kind = opEd ? 'op-ed' : 'news'
  meta.date = chooseDate(dates, bag)

  const outline = new OutlineBuilder(text)
  let paragraphs = 0
  for (const span of paragraphSpans(text, content)) {
    let start = span.start
    // Aggregator tags and datelines open an article: only its first paragraphs can hold one.
    if (paragraphs++ < LEAD_PARAGRAPHS) {
      const head = text.slice(start, Math.min(span.end, start + 200))
      const lead = AGGREGATOR_TAG.exec(head) ?? DATELINE.exec(head)
      if (lead) {
        meta.publisher ??= lead[2]!.trim()
        start += lead[0].length
      }
    }
    if (span.end - start <= CROSSHEAD_MAX && isCrosshead(text.slice(start, span.end))) outline.section(text.slice(start, span.end).trim(), null, 1)
    else outline.paragraph(start, span.end)
  }
  if (!meta.publisher && meta.url) meta.publisher = publisherFromUrl(meta.url)
  if (!meta.publisher) {
    const email = meta.authors.find((a) => a.email)?.email
    if (email) meta.publisher = publisherFromEmail(email)
  }
  return { meta, outline }
}

// How many opening paragraphs may start with an aggregator tag or a dateline.
const LEAD_PARAGRAPHS = 3
// A crosshead (a section heading inside an article) is at most this long.
const CROSSHEAD_MAX = 80

/** A short unpunctuated line inside the body is a crosshead: a section heading. */
function isCrosshead(text: string): boolean {
  const t = text.trim()
  return t.length > 0 && t.length <= CROSSHEAD_MAX && !endsSentence(t) && !/[,;:]$/u.test(t) && t.split(/\s+/).length <= 12 && !t.includes('\n')
}

export const newsTextReader: Reader = {
  format: 'news-text',
  extensions: ['txt', 'text'],
  // The fallback for plain text: any text reads as an article.
  detect: (text) => (text.trim().length > 0 ? 0.1 : 0),
  read,
}
