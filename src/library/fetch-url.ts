/**
 * Fetching a source from the web: one GET over http or https, following redirects, with
 * hard limits on time, size and redirect count, so that a hostile or broken server cannot
 * hang the command or fill the memory.
 *
 * Built on `node:http`/`node:https` (not `fetch`) for exact control: every redirect target
 * is checked before it is followed, the timeout covers connect + headers + body, the socket
 * is destroyed as soon as a limit is hit, and compressed bodies are decompressed as a stream
 * with the size cap applied to the decompressed bytes (zip-bomb safe).
 */
import type * as http from 'node:http'
import * as zlib from 'node:zlib'

export interface FetchedDocument {
  /** The final URL after redirects. */
  url: string
  /** The URL as asked for. */
  requested: string
  bytes: Uint8Array
  /** Content-Type header value, or null. */
  contentType: string | null
  /** charset parameter of Content-Type, lower-cased, or null. */
  charset: string | null
  /**
   * A file name to save it under: from Content-Disposition, else the last path segment,
   * else `index`; with an extension that fits the content type (.html, .json, .md, .txt)
   * when it has none. Safe: no path separators, no leading dots, at most 100 chars.
   */
  fileName: string
}

export interface FetchOptions {
  /** The whole request (connect, headers, body, every redirect), in ms. Default 30000. */
  timeoutMs?: number
  /** The most bytes accepted, after decompression. Default 20 MB. */
  maxBytes?: number
  /** The most redirects followed. Default 5. */
  maxRedirects?: number
  userAgent?: string
}

export type FetchErrorCode =
  | 'bad-url'
  | 'unsupported-protocol'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'network'

/**
 * Why a fetch failed. The message names the bad value in backticks and says what to do.
 * `url` is the address the error is about: the bad value itself for `bad-url` and
 * `unsupported-protocol` (for a redirect, its target), else the address being fetched.
 */
export class FetchError extends Error {
  readonly code: FetchErrorCode
  readonly url: string

  constructor(code: FetchErrorCode, url: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'FetchError'
    this.code = code
    this.url = url
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024
export const DEFAULT_MAX_REDIRECTS = 5
const DEFAULT_USER_AGENT = 'briefkit (+https://github.com/briefkit)'

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
const MAX_FILE_NAME = 100
const DOWNLOAD_YOURSELF = 'download it yourself and ingest the file'

/** True for arguments that are http:// or https:// addresses (any case of the scheme). */
export function isUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg)
}

export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchedDocument> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  const headers: http.OutgoingHttpHeaders = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: 'text/html,application/xhtml+xml,application/json,text/markdown,text/plain;q=0.9,*/*;q=0.8',
    'accept-encoding': 'gzip, deflate, br',
  }

  let current = checkUrl(url, null)
  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(
      new FetchError(
        'timeout',
        current.href,
        `\`${current.href}\` did not finish within ${formatMs(timeoutMs)} (the limit); ` +
          `try again later, or ${DOWNLOAD_YOURSELF}`,
      ),
    )
  }, timeoutMs)

  try {
    const visited = new Set<string>([withoutHash(current)])
    for (let redirects = 0; ; redirects++) {
      const res = await openResponse(current, headers, controller.signal)
      const status = res.statusCode ?? 0
      const location = res.headers.location

      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        discard(res)
        const next = checkUrl(location, current)
        if (visited.has(withoutHash(next))) {
          throw new FetchError(
            'too-many-redirects',
            current.href,
            `\`${url}\` redirects in a loop (\`${current.href}\` → \`${next.href}\` was seen before); ` +
              `open it in a browser and give the address it ends at`,
          )
        }
        if (redirects >= maxRedirects) {
          throw new FetchError(
            'too-many-redirects',
            current.href,
            `\`${url}\` redirects more than ${maxRedirects} time${maxRedirects === 1 ? '' : 's'} (the limit); ` +
              `open it in a browser and give the address it ends at`,
          )
        }
        visited.add(withoutHash(next))
        current = next
        continue
      }

      if (status < 200 || status > 299) {
        discard(res)
        throw new FetchError('http-status', current.href, statusMessage(current.href, status, res.statusMessage))
      }

      const contentLength = parseContentLength(res.headers['content-length'])
      if (contentLength !== null && contentLength > maxBytes) {
        discard(res)
        throw tooLarge(current.href, maxBytes)
      }

      const bytes = await readBody(res, current.href, controller.signal, maxBytes)
      const contentType = headerValue(res.headers['content-type'])
      return {
        url: current.href,
        requested: url,
        bytes,
        contentType,
        charset: charsetOf(contentType),
        fileName: deriveFileName(current.href, contentType, headerValue(res.headers['content-disposition'])),
      }
    }
  } finally {
    clearTimeout(timer)
  }
}

/** Parses `raw` (against `base` for a redirect) and accepts only http and https. */
function checkUrl(raw: string, base: URL | null): URL {
  let parsed: URL
  try {
    parsed = base === null ? new URL(raw) : new URL(raw, base)
  } catch (cause) {
    const message =
      base === null
        ? `\`${raw}\` is not a URL; give an address that starts with http:// or https://`
        : `\`${base.href}\` redirects to \`${raw}\`, which is not a URL; ${DOWNLOAD_YOURSELF}`
    throw new FetchError('bad-url', raw, message, { cause })
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const message =
      base === null
        ? `\`${raw}\` uses ${parsed.protocol}, which briefkit does not fetch; ` +
          `give an http:// or https:// address, or ${DOWNLOAD_YOURSELF}`
        : `\`${base.href}\` redirects to \`${parsed.href}\`, which briefkit does not follow ` +
          `(only http and https); ${DOWNLOAD_YOURSELF}`
    throw new FetchError('unsupported-protocol', parsed.href, message)
  }
  if (parsed.hostname === '') {
    throw new FetchError('bad-url', raw, `\`${raw}\` has no host name; give a full address such as https://example.org/page`)
  }
  return parsed
}

/** Sends the GET and resolves with the response once its headers have arrived. */
async function openResponse(target: URL, headers: http.OutgoingHttpHeaders, signal: AbortSignal): Promise<http.IncomingMessage> {
  // Loaded on first use: every command loads this module, few download anything.
  const transport = target.protocol === 'https:' ? await import('node:https') : await import('node:http')
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    let req: http.ClientRequest
    try {
      // agent: false: one connection per request, closed afterwards; no pooled sockets keep
      // the process alive or outlive a timeout.
      req = transport.request(target, { method: 'GET', headers, signal, agent: false }, resolve)
    } catch (cause) {
      reject(networkError(target.href, cause))
      return
    }
    req.on('error', (cause) => reject(signal.aborted ? signal.reason : networkError(target.href, cause)))
    req.end()
  })
}

/** Drops a response we will not read, closing its socket. */
function discard(res: http.IncomingMessage): void {
  res.on('error', () => {})
  res.destroy()
}

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress

/**
 * Reads the body, decompressing it as a stream when the server says it is compressed, and
 * stops (destroying the socket) as soon as the raw or decompressed bytes pass `maxBytes` or
 * the signal aborts. At most `maxBytes` plus one chunk is ever held.
 */
function readBody(res: http.IncomingMessage, href: string, signal: AbortSignal, maxBytes: number): Promise<Uint8Array> {
  const encoding = (headerValue(res.headers['content-encoding']) ?? '').trim().toLowerCase()
  return new Promise((resolve, reject) => {
    if (encoding !== '' && encoding !== 'identity' && !isKnownEncoding(encoding)) {
      discard(res)
      reject(
        new FetchError(
          'network',
          href,
          `\`${href}\` is sent with Content-Encoding \`${encoding}\`, which briefkit cannot decode; ${DOWNLOAD_YOURSELF}`,
        ),
      )
      return
    }
    const compressed = encoding !== '' && encoding !== 'identity'
    const chunks: Buffer[] = []
    let total = 0
    let raw = 0
    let decoder: Decoder | null = null
    let settled = false

    const finish = (error: unknown): void => {
      if (settled) return
      settled = true
      signal.removeEventListener('abort', onAbort)
      if (error === null) {
        resolve(new Uint8Array(Buffer.concat(chunks, total)))
        return
      }
      res.on('error', () => {})
      res.destroy()
      if (decoder !== null) {
        decoder.on('error', () => {})
        decoder.destroy()
      }
      chunks.length = 0
      reject(error)
    }
    const onAbort = (): void => finish(signal.reason)
    if (signal.aborted) {
      onAbort()
      return
    }
    signal.addEventListener('abort', onAbort, { once: true })

    const take = (chunk: Buffer): void => {
      if (settled) return
      total += chunk.length
      if (total > maxBytes) {
        finish(tooLarge(href, maxBytes))
        return
      }
      chunks.push(chunk)
    }

    const startDecoder = (first: Buffer): Decoder => {
      const d = makeDecoder(encoding, first)
      d.on('data', take)
      d.on('end', () => finish(null))
      d.on('error', (cause) =>
        finish(
          new FetchError(
            'network',
            href,
            `\`${href}\` says it is ${encoding}-compressed but could not be decompressed (${describe(cause)}); ${DOWNLOAD_YOURSELF}`,
            { cause },
          ),
        ),
      )
      return d
    }

    res.on('data', (chunk: Buffer) => {
      if (settled) return
      if (!compressed) {
        take(chunk)
        return
      }
      raw += chunk.length
      if (raw > maxBytes) {
        finish(tooLarge(href, maxBytes))
        return
      }
      decoder ??= startDecoder(chunk)
      if (!decoder.write(chunk)) {
        res.pause()
        decoder.once('drain', () => {
          if (!settled) res.resume()
        })
      }
    })
    res.on('end', () => {
      if (settled) return
      if (decoder !== null) decoder.end()
      else finish(null)
    })
    res.on('error', (cause) => finish(signal.aborted ? signal.reason : networkError(href, cause)))
    res.on('close', () => {
      if (!res.complete) {
        finish(
          signal.aborted
            ? signal.reason
            : new FetchError('network', href, `\`${href}\` closed the connection before the whole body arrived; try again later`),
        )
      }
    })
  })
}

function isKnownEncoding(encoding: string): boolean {
  return encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' || encoding === 'br'
}

function makeDecoder(encoding: string, first: Buffer): Decoder {
  if (encoding === 'br') return zlib.createBrotliDecompress()
  if (encoding === 'deflate') {
    // "deflate" should be zlib-wrapped, but some servers send raw deflate: tell them apart
    // by the zlib header (compression method 8 and a check value divisible by 31).
    const b0 = first[0] ?? 0
    const b1 = first[1] ?? 0
    const zlibWrapped = (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0
    return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw()
  }
  return zlib.createGunzip()
}

function parseContentLength(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null
  return Number(value)
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null
  if (Array.isArray(value)) return value[0] ?? null
  return value
}

/** The charset parameter of a Content-Type value, lower-cased, or null. */
function charsetOf(contentType: string | null): string | null {
  if (contentType === null) return null
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType)
  const value = (match?.[1] ?? match?.[2] ?? '').trim().toLowerCase()
  return value === '' ? null : value
}

function withoutHash(url: URL): string {
  const copy = new URL(url.href)
  copy.hash = ''
  return copy.href
}

function tooLarge(href: string, maxBytes: number): FetchError {
  return new FetchError('too-large', href, `\`${href}\` is larger than ${formatBytes(maxBytes)} (the limit); ${DOWNLOAD_YOURSELF}`)
}

function networkError(href: string, cause: unknown): FetchError {
  return new FetchError(
    'network',
    href,
    `\`${href}\` could not be fetched (${describe(cause)}); check the address and your connection, or ${DOWNLOAD_YOURSELF}`,
    { cause },
  )
}

function statusMessage(href: string, status: number, text: string | undefined): string {
  const answered = `\`${href}\` answered ${status}${text ? ` ${text}` : ''}`
  if (status === 401 || status === 403) return `${answered}; the site refuses access, so ${DOWNLOAD_YOURSELF}`
  if (status === 404 || status === 410) return `${answered}; check the address`
  if (status === 429 || status >= 500) return `${answered}; try again later, or ${DOWNLOAD_YOURSELF}`
  return `${answered}; check the address, or ${DOWNLOAD_YOURSELF}`
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code
    return code !== undefined && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message
  }
  return String(cause)
}

function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GB'],
    [1024 * 1024, 'MB'],
    [1024, 'KB'],
  ]
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1))} ${unit}`
  }
  return `${n} bytes`
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`
}

// ---------------------------------------------------------------------------------------
// File names

const EXTENSIONS: [RegExp, string][] = [
  [/^(text\/html|application\/xhtml\+xml)$/, '.html'],
  [/^(application\/json|application\/[\w.+-]+\+json|text\/json)$/, '.json'],
  [/^text\/(markdown|x-markdown)$/, '.md'],
  [/^text\/plain$/, '.txt'],
]

/**
 * The name to save a fetched document under: the Content-Disposition file name (filename*
 * preferred), else the last non-empty path segment, else `index`; given an extension from
 * the content type when it has none. Path separators, control and reserved characters and
 * leading dots are removed, and the result is at most 100 characters.
 */
export function deriveFileName(url: string, contentType: string | null, contentDisposition: string | null): string {
  let name = sanitize(contentDisposition === null ? '' : dispositionFileName(contentDisposition) ?? '')
  if (name === '') name = sanitize(lastPathSegment(url))
  if (name === '') name = 'index'

  let ext = extensionOf(name)
  if (ext === '') {
    const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    ext = EXTENSIONS.find(([pattern]) => pattern.test(mime))?.[1] ?? ''
    name += ext
  }
  return truncate(name, ext)
}

function dispositionFileName(header: string): string | null {
  // filename*=charset'lang'percent-encoded (RFC 6266 / 5987) wins over filename=.
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^';\s]*)'[^']*'([^;\s]*)/i.exec(header)
  if (extended !== null) {
    const decoded = decodeExtended(extended[1] ?? '', extended[2] ?? '')
    if (decoded !== null && decoded.trim() !== '') return decoded
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header)
  if (quoted !== null) return (quoted[1] ?? '').replace(/\\(.)/g, '$1')
  const bare = /(?:^|;)\s*filename\s*=\s*([^;]+)/i.exec(header)
  if (bare !== null) return (bare[1] ?? '').trim()
  return null
}

function decodeExtended(charset: string, value: string): string | null {
  try {
    if (/^utf-?8$/i.test(charset) || charset === '') return decodeURIComponent(value)
    // ISO-8859-1 and anything else: bytes as Latin-1.
    const bytes = value.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    return bytes
  } catch {
    return null
  }
}

function lastPathSegment(url: string): string {
  let pathname: string
  try {
    pathname = new URL(url).pathname
  } catch {
    return ''
  }
  const segments = pathname.split('/').filter((s) => s !== '')
  const last = segments[segments.length - 1] ?? ''
  try {
    return decodeURIComponent(last)
  } catch {
    return last
  }
}

function sanitize(raw: string): string {
  // Keep only the part after the last path separator (a name like `../../etc/passwd` or
  // `a%2Fb` must not become a path), then drop characters no file system likes.
  const parts = raw.split(/[/\\]/).map((p) => p.trim()).filter((p) => p !== '')
  let name = parts[parts.length - 1] ?? ''
  name = name
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`
  return name
}

function extensionOf(name: string): string {
  // An extension has 1–10 letters/digits with at least one letter, so `12345.6789` and
  // `v1.2` count as having none.
  const match = /\.([a-z0-9]{1,10})$/i.exec(name)
  if (match === null || !/[a-z]/i.test(match[1] ?? '')) return ''
  return match[0]
}

function truncate(name: string, ext: string): string {
  if (name.length <= MAX_FILE_NAME) return name
  const keepExt = ext.length < MAX_FILE_NAME / 2 ? ext : ''
  const base = name.slice(0, name.length - keepExt.length)
  let out = ''
  for (const ch of base) {
    if (out.length + ch.length + keepExt.length > MAX_FILE_NAME) break
    out += ch
  }
  return out.replace(/[.\s]+$/, '') + keepExt
}
