/**
 * A tolerant JSON scanner for scraped files that are almost JSON: raw line
 * breaks inside strings, input cut off mid-value, missing commas, trailing
 * garbage. It recovers what it can and lists what it had to repair.
 *
 * Linear time and non-recursive: containers live on an explicit stack, and
 * nesting deeper than `MAX_DEPTH` is skipped (counted, not built), so hostile
 * input (100k nested `[`) neither overflows the call stack nor builds a value
 * that later code could choke on.
 */

export type JsonProblemKind = 'malformed' | 'truncated' | 'too-deep'

export interface JsonProblem {
  /** Offset in the scanned text where the problem was found. */
  offset: number
  kind: JsonProblemKind
  message: string
}

export interface JsonScanResult {
  /** The recovered value; `undefined` when nothing could be read. */
  value: unknown
  /** Empty when the text is well-formed JSON. */
  problems: JsonProblem[]
  /** The input ended in the middle of a value. */
  truncated: boolean
  /** More problems were found than listed. */
  moreProblems: number
}

/** Containers nested deeper than this are skipped. */
export const MAX_DEPTH = 512
/** Problems listed at most; the rest are only counted. */
const MAX_PROBLEMS = 50

type Frame =
  | { type: 'array'; value: unknown[] }
  | { type: 'object'; value: Record<string, unknown>; key: string | null }

type State = 'value' | 'key' | 'colon' | 'after'

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const BAREWORD = /[^\s,:[\]{}"]+/y

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff || c === 0xa0
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a `__proto__` key must stay a plain field.
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

/** Parses JSON, falling back to the tolerant scanner only when `JSON.parse` throws. */
export function scanJson(text: string): JsonScanResult {
  try {
    return { value: JSON.parse(text) as unknown, problems: [], truncated: false, moreProblems: 0 }
  } catch {
    return tolerantScan(text)
  }
}

/** The tolerant scanner itself, without trying `JSON.parse` first. */
export function tolerantScan(text: string): JsonScanResult {
  const n = text.length
  const problems: JsonProblem[] = []
  let moreProblems = 0
  let truncated = false
  let rawControlReported = false
  const problem = (offset: number, kind: JsonProblemKind, message: string): void => {
    if (kind === 'truncated') truncated = true
    if (problems.length < MAX_PROBLEMS) problems.push({ offset, kind, message })
    else moreProblems++
  }

  const stack: Frame[] = []
  let root: unknown = undefined
  let hasRoot = false
  let state: State = 'value'
  let i = 0

  const emit = (value: unknown): void => {
    const top = stack[stack.length - 1]
    if (!top) {
      root = value
      hasRoot = true
    } else if (top.type === 'array') top.value.push(value)
    else if (top.key !== null) {
      setKey(top.value, top.key, value)
      top.key = null
    }
    state = 'after'
  }

  const afterState = (): State => (stack[stack.length - 1]?.type === 'object' ? 'key' : 'value')

  /** Reads a string starting at the quote at `i`; `complete` is false when the input ended inside it. */
  const readString = (): { value: string; complete: boolean } => {
    const quote = text.charCodeAt(i)
    i++
    const parts: string[] = []
    let runStart = i
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === quote) {
        // A quote followed by a word rather than by `,` `:` `}` `]` is a stray, unescaped quote inside the string.
        if (!closesString(text, i + 1)) {
          problem(i, 'malformed', 'an unescaped quote inside a string was kept as text')
          i++
          continue
        }
        parts.push(text.slice(runStart, i))
        i++
        return { value: parts.join(''), complete: true }
      }
      if (c === 0x5c /* \ */) {
        parts.push(text.slice(runStart, i))
        if (i + 1 >= n) {
          i = n
          problem(n, 'truncated', 'the input ends inside an escape sequence')
          return { value: parts.join(''), complete: false }
        }
        const e = text[i + 1]!
        i += 2
        switch (e) {
          case '"': parts.push('"'); break
          case "'": parts.push("'"); break
          case '\\': parts.push('\\'); break
          case '/': parts.push('/'); break
          case 'b': parts.push('\b'); break
          case 'f': parts.push('\f'); break
          case 'n': parts.push('\n'); break
          case 'r': parts.push('\r'); break
          case 't': parts.push('\t'); break
          case 'u': {
            const hex = text.slice(i, i + 4)
            if (/^[0-9a-fA-F]{4}$/.test(hex)) {
              parts.push(String.fromCharCode(parseInt(hex, 16)))
              i += 4
            } else if (i + hex.length >= n && /^[0-9a-fA-F]*$/.test(hex)) {
              i = n
              problem(n, 'truncated', 'the input ends inside a `\\u` escape')
              return { value: parts.join(''), complete: false }
            } else {
              problem(i - 2, 'malformed', 'a `\\u` escape without four hex digits was dropped')
            }
            break
          }
          case '\n':
            // A backslash before a raw line break: keep the line break.
            parts.push('\n')
            break
          default:
            problem(i - 2, 'malformed', `the unknown escape \`\\${e}\` was read as \`${e}\``)
            parts.push(e)
        }
        runStart = i
        continue
      }
      if (c < 0x20 && !rawControlReported) {
        rawControlReported = true
        problem(i, 'malformed', 'a string holds a raw line break or control character')
      }
      i++
    }
    parts.push(text.slice(runStart, n))
    problem(n, 'truncated', 'the input ends inside a string')
    // The partial string is still worth having.
    return { value: parts.join(''), complete: false }
  }

  /** Skips a container nested too deep, starting at its bracket; linear, strings respected. */
  const skipDeep = (): void => {
    let depth = 0
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x22 /* " */) {
        i++
        while (i < n) {
          const d = text.charCodeAt(i)
          if (d === 0x5c) i += 2
          else if (d === 0x22) break
          else i++
        }
        i++
        continue
      }
      if (c === 0x5b || c === 0x7b) depth++
      else if (c === 0x5d || c === 0x7d) {
        depth--
        if (depth === 0) {
          i++
          return
        }
      }
      i++
    }
    i = n
    problem(n, 'truncated', 'the input ends inside a deeply nested value')
  }

  while (i < n) {
    const c = text.charCodeAt(i)
    if (isWhitespace(c)) {
      i++
      continue
    }
    if (stack.length === 0 && hasRoot) {
      problem(i, 'malformed', 'text after the end of the JSON value was ignored')
      break
    }
    const ch = text[i]!
    if (state === 'after') {
      if (ch === ',') {
        state = afterState()
        i++
      } else if (ch === ']' || ch === '}') {
        const top = stack[stack.length - 1]!
        if ((ch === ']') !== (top.type === 'array')) problem(i, 'malformed', `\`${ch}\` closes a${top.type === 'array' ? 'n array' : 'n object'}`)
        stack.pop()
        state = 'after'
        i++
      } else {
        problem(i, 'malformed', 'a comma is missing between values')
        state = afterState()
      }
      continue
    }
    if (state === 'colon') {
      if (ch === ':') i++
      else problem(i, 'malformed', 'a colon is missing after an object key')
      state = 'value'
      continue
    }
    if (state === 'key') {
      const top = stack[stack.length - 1] as Extract<Frame, { type: 'object' }>
      if (ch === '"' || ch === "'") {
        if (ch === "'") problem(i, 'malformed', 'a key is in single quotes')
        const key = readString()
        if (!key.complete) break
        top.key = key.value
        state = 'colon'
      } else if (ch === '}') {
        stack.pop()
        state = 'after'
        i++
      } else if (ch === ']') {
        problem(i, 'malformed', '`]` closes an object')
        stack.pop()
        state = 'after'
        i++
      } else if (ch === ',') {
        problem(i, 'malformed', 'an extra comma was ignored')
        i++
      } else {
        BAREWORD.lastIndex = i
        const m = BAREWORD.exec(text)
        problem(i, 'malformed', 'an object key is not quoted')
        if (m) {
          top.key = m[0]
          i += m[0].length
          state = 'colon'
        } else i++
      }
      continue
    }
    // state === 'value'
    const top = stack[stack.length - 1]
    if (ch === '{' || ch === '[') {
      if (stack.length >= MAX_DEPTH) {
        problem(i, 'too-deep', `values nested deeper than ${MAX_DEPTH} levels were skipped`)
        skipDeep()
        if (top) state = 'after'
        else {
          hasRoot = true
          state = 'after'
        }
        continue
      }
      const frame: Frame = ch === '{' ? { type: 'object', value: {}, key: null } : { type: 'array', value: [] }
      emit(frame.value)
      stack.push(frame)
      state = ch === '{' ? 'key' : 'value'
      i++
    } else if (ch === '"' || ch === "'") {
      if (ch === "'") problem(i, 'malformed', 'a string is in single quotes')
      const s = readString()
      emit(s.value)
      if (!s.complete) break
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(text)
      if (m && m[0] !== '-') {
        i += m[0].length
        emit(Number(m[0]))
      } else if (i + 1 >= n) {
        problem(i, 'truncated', 'the input ends inside a number')
        i = n
      } else {
        problem(i, 'malformed', 'a number is not well formed')
        i++
      }
    } else if (ch === ']' && top?.type === 'array') {
      // `[]`, or `[1,]` with a trailing comma.
      if (top.value.length > 0) problem(i, 'malformed', 'a trailing comma was ignored')
      stack.pop()
      state = 'after'
      i++
    } else if (ch === '}' || ch === ']') {
      problem(i, 'malformed', `a value is missing before \`${ch}\``)
      if (top) {
        stack.pop()
        state = 'after'
      }
      i++
    } else if (ch === ',' || ch === ':') {
      problem(i, 'malformed', `a value is missing before \`${ch}\``)
      i++
    } else {
      BAREWORD.lastIndex = i
      const m = BAREWORD.exec(text)
      const word = m?.[0] ?? ch
      if (LITERALS.has(word)) {
        i += word.length
        emit(LITERALS.get(word))
      } else if (i + word.length >= n && [...LITERALS.keys()].some((k) => k.startsWith(word))) {
        problem(i, 'truncated', 'the input ends inside a literal')
        i = n
      } else if (!top && !hasRoot) {
        // Garbage before the value (an XSSI prefix, a log line): skip to the first bracket.
        const next = text.slice(i).search(/[[{]/)
        problem(i, 'malformed', 'text before the JSON value was ignored')
        if (next === -1) i = n
        else i += next
      } else {
        problem(i, 'malformed', `the unquoted value \`${word.slice(0, 40)}\` was read as a string`)
        i += word.length
        emit(word)
      }
    }
  }

  if (stack.length > 0 && !truncated) problem(n, 'truncated', 'the input ends before the JSON value is complete')
  else if (!hasRoot && !truncated) problem(n, 'truncated', 'the input holds no JSON value')
  return { value: root, problems, truncated, moreProblems }
}

const LITERALS = new Map<string, unknown>([
  ['true', true],
  ['false', false],
  ['null', null],
  ['NaN', null],
  ['Infinity', null],
  ['-Infinity', null],
  ['undefined', null],
])

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c > 0x7f
}

/** Whether what follows a quote at `at - 1` reads like the end of a string: punctuation, another string, or the end. */
function closesString(text: string, at: number): boolean {
  const limit = Math.min(text.length, at + 64)
  let j = at
  while (j < limit && isWhitespace(text.charCodeAt(j))) j++
  if (j >= text.length) return true
  if (j >= limit) return true
  const c = text.charCodeAt(j)
  if (!isWordChar(c)) return true
  // `"a" true` is a missing comma before a literal; anything else wordy continues the string.
  return j > at && /^(?:true|false|null)\b/.test(text.slice(j, j + 6))
}
