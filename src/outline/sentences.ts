/**
 * Sentence splitting: a hand-written, single-pass scanner.
 *
 * Runs in linear time on any input (no regular expressions over the text, every look-back and
 * look-ahead is either bounded or consumes what it reads), so adversarial input such as megabytes
 * of "....." or "U.S.U.S.U.S." or one enormous line without punctuation costs the same per
 * character as ordinary prose.
 *
 * Rules, in short:
 * - A sentence ends after a run of `.`, `!`, `?`, `…` (plus any closing quotes/brackets right after
 *   it, which stay inside the sentence) when whitespace follows and then something that can start
 *   a sentence: an uppercase letter, a digit, an opening quote/bracket, or a CJK/Hangul character.
 *   A terminator followed by a lowercase letter or by no whitespace ("0.74", "U.S.-Japan",
 *   "e.g.,") never ends a sentence.
 * - A single `.` after an abbreviation does not end a sentence: titles ("Mr.", "Dr.", "Sen."),
 *   "e.g.", "i.e.", "vs."; number prefixes ("No.", "p.", "Fig.", "Jan.") when a number follows;
 *   dotted acronyms ("U.S.", "U.N."), company/name suffixes ("Inc.", "Jr.") and single-letter
 *   initials ("John F. Kennedy") unless the next word is a common sentence opener ("The", "It",
 *   "However", ...), in which case the abbreviation is taken to end the sentence.
 * - CJK enders `。！？．` end a sentence even with no space after them, except a closing
 *   quotation followed directly by hiragana (Japanese 「…。」と言った is one sentence).
 * - A blank line (a newline, optional whitespace, another newline) always ends a sentence; a
 *   single newline is ordinary whitespace.
 *
 * Quotations: a terminator inside a quotation (“…”, "…", 「…」, 『…』, «…») does not end the
 * sentence when the quotation closes within the same paragraph and within {@link MAX_QUOTE}
 * characters. That keeps attribution sentences whole — `“It works. It really works,” she said.`
 * and `He said, “It works. It really works.”` are each one sentence, so the speaker stays on the
 * quoted words — at the cost of making a long multi-sentence quotation a single sentence. A
 * quotation that never closes (or runs longer than the limit) splits normally.
 */

export interface Span {
  start: number
  end: number
}

/** Longest quotation (in UTF-16 units) kept whole; longer ones split at their inner terminators. */
export const MAX_QUOTE = 600

// Character classes for the scanner's table.
const OTHER = 0
const WS = 1
const NL = 2
const TERM = 3
const CJK_END = 4
const Q_OPEN = 5
const Q_CLOSE = 6
const Q_STRAIGHT = 7
const PARA = 8
const CLOSER = 9

const CLS = new Uint8Array(0x10000)
for (const c of [0x20, 0x09, 0x0b, 0x0c, 0x0d, 0xa0, 0x1680, 0x202f, 0x205f, 0x3000, 0xfeff, 0x200b]) CLS[c] = WS
for (let c = 0x2000; c <= 0x200a; c++) CLS[c] = WS
CLS[0x0a] = NL
CLS[0x85] = NL
CLS[0x2028] = NL
CLS[0x2029] = PARA
for (const c of '.!?\u2026') CLS[c.charCodeAt(0)] = TERM
for (const c of '\u3002\uff01\uff1f\uff0e\uff61') CLS[c.charCodeAt(0)] = CJK_END
for (const c of '\u201c\u300c\u300e\u00ab\u201e') CLS[c.charCodeAt(0)] = Q_OPEN
for (const c of '\u201d\u300d\u300f\u00bb') CLS[c.charCodeAt(0)] = Q_CLOSE
CLS[0x22] = Q_STRAIGHT
for (const c of `')]}\u2019\u203a\uff09\u3011\u3015\u3009\u300b\uff3d\uff5d`) CLS[c.charCodeAt(0)] = CLOSER

/** Characters that may open a sentence besides letters and digits. */
const OPENERS = new Set(
  Array.from(`"'(\u201c\u2018[{\u00ab\u2039\u300c\u300e\uff08\u3010\u3014\u3008\u300a\u00bf\u00a1\u201e`, (c) =>
    c.charCodeAt(0),
  ),
)

const UPPER_RE = /^[\p{Lu}\p{Lt}]$/u
const LETTER_RE = /^[\p{L}\p{M}\p{N}]$/u

function isWsOrNl(k: number): boolean {
  return k === WS || k === NL || k === PARA
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) || // kana
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul syllables
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x3130 && cp <= 0x318f) ||
    (cp >= 0xff66 && cp <= 0xff9f) ||
    (cp >= 0x20000 && cp <= 0x3ffff)
  )
}

/** Can the character at `m` start a sentence? */
function isStarter(text: string, m: number): boolean {
  const c = text.charCodeAt(m)
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || OPENERS.has(c)
  if (OPENERS.has(c)) return true
  const cp = text.codePointAt(m) ?? c
  if (isCjk(cp)) return true
  if (cp >= 0xff10 && cp <= 0xff19) return true // full-width digits
  return UPPER_RE.test(String.fromCodePoint(cp))
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}

function isDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)
}

/** Titles and Latin abbreviations that never end a sentence. */
const ALWAYS = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Messrs', 'Mmes', 'Dr', 'Prof', 'Sen', 'Rep', 'Gov', 'Gen', 'Lt', 'Col',
  'Maj', 'Capt', 'Cmdr', 'Adm', 'Sgt', 'Cpl', 'Pvt', 'Rev', 'Hon', 'Amb', 'Pres', 'Supt', 'St', 'Mt',
  'Ft', 'vs', 'Vs', 'v', 'cf', 'Cf', 'viz', 'approx', 'ca', 'eds', 'Eds', 'ed', 'trans', 'Dept',
  'Univ', 'Assn', 'Assoc', 'Gov\u2019t', 'Sec', 'Secy',
])

/** Abbreviations that do not end a sentence when a number (or Roman numeral) follows. */
const NUMERIC = new Set([
  'No', 'Nos', 'no', 'nos', 'Vol', 'Vols', 'vol', 'vols', 'pp', 'p', 'para', 'paras', 'Para', 'sec',
  'secs', 'Fig', 'Figs', 'fig', 'figs', 'Art', 'Arts', 'art', 'arts', 'Ch', 'ch', 'Chap', 'chap',
  'Eq', 'eq', 'Ref', 'ref', 'Pt', 'pt', 'Op', 'op', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug',
  'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
])

/** Abbreviations that end a sentence only when a common sentence opener follows. */
const CONDITIONAL = new Set([
  'Inc', 'Corp', 'Co', 'Ltd', 'Jr', 'Sr', 'Bros', 'Esq', 'al', 'Ave', 'Blvd', 'Rd', 'Plc', 'PLC',
  'LLC', 'Calif',
])

/** Lowercase dotted abbreviations that never end a sentence ("e.g. Japan"). */
const DOTTED_ALWAYS = new Set(['e.g', 'i.e', 'E.g', 'I.e', 'n.b', 'N.B', 'a.k.a', 'viz'])

/** Words that commonly open a sentence: after "U.S." or "Inc." they signal a sentence break. */
export const SENTENCE_OPENERS = new Set([
  'The', 'This', 'That', 'These', 'Those', 'There', 'Then', 'Thus', 'Therefore', 'They', 'Their',
  'It', 'Its', 'He', 'His', 'She', 'Her', 'We', 'Our', 'I', 'You', 'Your', 'A', 'An', 'As', 'At',
  'And', 'But', 'Or', 'Nor', 'So', 'Yet', 'For', 'From', 'In', 'Into', 'On', 'By', 'To', 'With',
  'Without', 'Within', 'After', 'Before', 'During', 'Since', 'Until', 'While', 'When', 'Whether',
  'Where', 'What', 'Which', 'Who', 'Why', 'How', 'If', 'Although', 'Though', 'Because', 'However',
  'Moreover', 'Meanwhile', 'Furthermore', 'Nevertheless', 'Nonetheless', 'Still', 'Also',
  'Instead', 'Indeed', 'Likewise', 'Similarly', 'Consequently', 'Accordingly', 'Additionally',
  'Overall', 'Ultimately', 'Finally', 'First', 'Second', 'Third', 'Next', 'Last', 'Now', 'Today',
  'Yesterday', 'Tomorrow', 'Recently', 'Currently', 'Such', 'Some', 'Many', 'Most', 'Much', 'Few',
  'Several', 'All', 'Both', 'Each', 'Every', 'Either', 'Neither', 'No', 'Not', 'None', 'One',
  'Other', 'Another', 'Despite', 'Under', 'Over', 'Given', 'Unlike', 'Like', 'Amid', 'Among',
  'Against', 'Even', 'Only', 'Perhaps', 'Here', 'Later', 'Earlier', 'Experts', 'Officials',
  'Critics', 'Analysts', 'Yes',
])

/**
 * Does the abbreviation-like word before the `.` at `dot` keep the sentence going?
 * `next` is where the following word starts (after whitespace), `sentStart` where the current
 * sentence began. Reads at most a few dozen characters either side.
 */
function keepsSentence(text: string, dot: number, next: number, lo: number, hi: number, sentStart: number): boolean {
  const floor = Math.max(lo, dot - 24)
  let b = dot
  while (b > floor && (isAsciiLetter(text.charCodeAt(b - 1)) || text.charCodeAt(b - 1) === 0x2e)) b--
  if (b === dot) {
    // "1." / "12." opening a sentence is an enumerator, not a sentence.
    let d = dot
    while (d > floor && isDigit(text.charCodeAt(d - 1))) d--
    if (d < dot && dot - d <= 3 && firstNonWs(text, sentStart, dot) === d) return true
    return false
  }
  if (b > lo) {
    const before = text.charCodeAt(b - 1)
    if (b === floor) return false // too long to be an abbreviation
    if (before < 0x80 ? isDigit(before) : LETTER_RE.test(text[b - 1] ?? '')) return false
  }
  const token = text.slice(b, dot)
  if (token.charCodeAt(0) === 0x2e) return false

  // The next word.
  const c0 = text.charCodeAt(next)
  const nextIsOpener = OPENERS.has(c0)
  const nextIsDigit = isDigit(c0)
  let w = next
  const wHi = Math.min(hi, next + 20)
  while (w < wHi && isAsciiLetter(text.charCodeAt(w))) w++
  const nextWord = text.slice(next, w)
  const opensSentence = nextIsOpener || SENTENCE_OPENERS.has(nextWord)

  if (token.includes('.')) {
    if (DOTTED_ALWAYS.has(token)) return true
    return !opensSentence // U.S., U.N., a.m., D.C. ...
  }
  if (ALWAYS.has(token)) return true
  if (NUMERIC.has(token)) return nextIsDigit || isRoman(nextWord, text.charCodeAt(w))
  if (CONDITIONAL.has(token)) return !opensSentence
  if (token.length === 1 && token >= 'A' && token <= 'Z') {
    // An initial: "John F. Kennedy", "J. R. R. Tolkien".
    if (nextWord.length === 1 && text.charCodeAt(w) === 0x2e) return true
    return !opensSentence
  }
  return false
}

function isRoman(word: string, after: number): boolean {
  if (word.length < 2 || isAsciiLetter(after)) return false
  for (let i = 0; i < word.length; i++) if (!'IVXLCDM'.includes(word[i] ?? '')) return false
  return true
}

function firstNonWs(text: string, from: number, to: number): number {
  let i = from
  while (i < to && isWsOrNl(CLS[text.charCodeAt(i)] ?? OTHER)) i++
  return i
}

function isHiragana(c: number): boolean {
  return c >= 0x3040 && c <= 0x309f
}

/** The end of the run of whitespace and newlines starting at `from`. */
function skipSpace(text: string, from: number, end: number): number {
  let m = from
  while (m < end) {
    const k = CLS[text.charCodeAt(m)] ?? OTHER
    if (k !== NL && k !== PARA && k !== WS) break
    m++
  }
  return m
}

/** Newlines in a whitespace run; a paragraph separator counts as a blank line (two). */
function newlinesIn(text: string, from: number, to: number): number {
  let nl = 0
  for (let m = from; m < to; m++) {
    const k = CLS[text.charCodeAt(m)] ?? OTHER
    if (k === NL) nl++
    else if (k === PARA) nl = 2
  }
  return nl
}

/** Split text[start,end) into sentence spans, each trimmed of surrounding whitespace, in order, never empty. */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    throw new RangeError(
      `splitSentences: bad range [${String(start)}, ${String(end)}) for a text of length ${text.length}; ` +
        'pass integers with 0 <= start <= end <= text.length',
    )
  }
  const breaks: number[] = []
  let pending: number[] = [] // breaks inside an open quotation, kept only if it never closes
  let qDepth = 0
  let qStart = -1
  let sentStart = start

  const commitPending = (): void => {
    for (const p of pending) breaks.push(p)
    pending = []
  }
  const addBreak = (pos: number, next: number): void => {
    if (qDepth > 0) {
      if (pos - qStart > MAX_QUOTE) {
        commitPending()
        qDepth = 0
        breaks.push(pos)
      } else pending.push(pos)
    } else breaks.push(pos)
    sentStart = next
  }
  const paragraphBreak = (pos: number, next: number): void => {
    commitPending()
    qDepth = 0
    breaks.push(pos)
    sentStart = next
  }
  const openQuote = (pos: number): void => {
    if (qDepth === 0) qStart = pos
    if (qDepth < 4) qDepth++
  }
  /** Returns true when a quotation was closed. */
  const closeQuote = (pos: number): boolean => {
    if (qDepth === 0) return false
    qDepth--
    if (qDepth === 0) {
      if (pos - qStart <= MAX_QUOTE) pending = []
      else commitPending()
    }
    return true
  }
  const straightQuote = (pos: number): boolean => {
    const prev = pos > start ? text.charCodeAt(pos - 1) : 0x20
    const next = pos + 1 < end ? text.charCodeAt(pos + 1) : 0x20
    const prevK = CLS[prev] ?? OTHER
    const nextK = CLS[next] ?? OTHER
    const openLike = (pos === start || isWsOrNl(prevK) || OPENERS.has(prev) || prev === 0x2014) && !isWsOrNl(nextK)
    if (openLike) {
      if (qDepth > 0) {
        // An opening quote while one is open: the earlier one never closed.
        commitPending()
        qDepth = 0
      }
      openQuote(pos)
      return false
    }
    return closeQuote(pos)
  }

  let i = start
  while (i < end) {
    const c = text.charCodeAt(i)
    const k = CLS[c] ?? OTHER
    if (k === OTHER || k === WS || k === CLOSER) {
      i++
      continue
    }
    if (k === NL || k === PARA) {
      let m = i + 1
      let blank = k === PARA
      while (m < end) {
        const km = CLS[text.charCodeAt(m)] ?? OTHER
        if (km === NL || km === PARA) blank = true
        else if (km !== WS) break
        m++
      }
      if (blank) paragraphBreak(i, m)
      i = m
      continue
    }
    if (k === Q_OPEN) {
      openQuote(i)
      i++
      continue
    }
    if (k === Q_CLOSE) {
      closeQuote(i)
      i++
      continue
    }
    if (k === Q_STRAIGHT) {
      straightQuote(i)
      i++
      continue
    }

    // A terminator run: k is TERM or CJK_END.
    let j = i + 1
    let cjk = k === CJK_END
    while (j < end) {
      const kj = CLS[text.charCodeAt(j)] ?? OTHER
      if (kj === CJK_END) cjk = true
      else if (kj !== TERM) break
      j++
    }
    // Closing quotes and brackets stay with the sentence.
    let q = j
    let closedQuote = false
    while (q < end) {
      const kq = CLS[text.charCodeAt(q)] ?? OTHER
      if (kq === Q_CLOSE) {
        if (closeQuote(q)) closedQuote = true
      } else if (kq === Q_STRAIGHT) {
        if (qDepth > 0 && closeQuote(q)) closedQuote = true
      } else if (kq !== CLOSER) break
      q++
    }
    if (q >= end) {
      i = q
      continue
    }
    const after = text.charCodeAt(q)
    const kAfter = CLS[after] ?? OTHER

    if (cjk) {
      // Full-width period between digits is a decimal point.
      if (c === 0xff0e && j === i + 1 && isDigit(after)) {
        i = q
        continue
      }
      // 「…。」と言った: a quotation closed and followed by hiragana continues the sentence.
      if (closedQuote && isHiragana(after)) {
        i = q
        continue
      }
      const m = skipSpace(text, q, end)
      if (newlinesIn(text, q, m) >= 2) paragraphBreak(q, m)
      else if (m < end) addBreak(q, m)
      i = m
      continue
    }

    if (!isWsOrNl(kAfter)) {
      i = q
      continue
    }
    const m = skipSpace(text, q, end)
    if (newlinesIn(text, q, m) >= 2) {
      paragraphBreak(q, m)
    } else if (m < end && isStarter(text, m)) {
      const single = j === i + 1 && c === 0x2e
      if (!single || !keepsSentence(text, i, m, start, end, sentStart)) addBreak(q, m)
    }
    i = m
  }
  commitPending()

  const spans: Span[] = []
  let prev = start
  const push = (a: number, b: number): void => {
    while (a < b && isWsOrNl(CLS[text.charCodeAt(a)] ?? OTHER)) a++
    while (b > a && isWsOrNl(CLS[text.charCodeAt(b - 1)] ?? OTHER)) b--
    if (b > a) spans.push({ start: a, end: b })
  }
  for (const b of breaks) {
    push(prev, b)
    prev = b
  }
  push(prev, end)
  return spans
}
