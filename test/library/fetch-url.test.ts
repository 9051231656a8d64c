import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveFileName, FetchError, fetchUrl, isUrl, type FetchErrorCode } from '../../src/library/fetch-url.js'

/** "한국" in EUC-KR. */
const EUC_KR_BYTES = Buffer.from([0xc7, 0xd1, 0xb1, 0xb9])
const PAGE = '<!doctype html><title>Page</title><p>Hello</p>'
const MB = 1024 * 1024

let server: http.Server
let base = ''
/** Responses still being written by the trickling routes, so they can be stopped. */
const open = new Set<http.ServerResponse>()

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname
  const send = (status: number, headers: http.OutgoingHttpHeaders, body: string | Buffer = ''): void => {
    res.writeHead(status, headers)
    res.end(body)
  }

  const hop = /^\/hops\/(\d+)$/.exec(path)
  if (hop !== null) {
    const n = Number(hop[1])
    // Relative Location headers, resolved against the current URL.
    send(302, { location: n === 0 ? '../page' : String(n - 1) })
    return
  }

  switch (path) {
    case '/page':
      send(200, { 'content-type': 'text/html; charset=utf-8' }, PAGE)
      return
    case '/korean':
      send(200, { 'content-type': 'text/html; charset=EUC-KR' }, EUC_KR_BYTES)
      return
    case '/loop-a':
      send(301, { location: `${base}/loop-b` })
      return
    case '/loop-b':
      send(307, { location: '/loop-a' })
      return
    case '/to-file':
      send(302, { location: 'file:///etc/passwd' })
      return
    case '/slow':
      // Headers, then nothing, ever.
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.flushHeaders()
      open.add(res)
      res.on('close', () => open.delete(res))
      return
    case '/big':
      // Claims a body far over the cap; sends none of it.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(100 * MB) })
      res.flushHeaders()
      open.add(res)
      res.on('close', () => open.delete(res))
      return
    case '/endless': {
      // Chunked, no Content-Length, never ends: the client must stop at the cap.
      res.writeHead(200, { 'content-type': 'text/plain' })
      open.add(res)
      const chunk = Buffer.alloc(64 * 1024, 0x61)
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) {
          /* fill the socket */
        }
        if (!res.destroyed) res.once('drain', pump)
      }
      res.on('close', () => open.delete(res))
      pump()
      return
    }
    case '/bomb':
      send(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, bomb)
      return
    case '/gzip':
      send(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, zlib.gzipSync(PAGE))
      return
    case '/deflate':
      send(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }, zlib.deflateSync(PAGE))
      return
    case '/deflate-raw':
      send(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }, zlib.deflateRawSync(PAGE))
      return
    case '/br':
      send(200, { 'content-type': 'text/html', 'content-encoding': 'br' }, zlib.brotliCompressSync(PAGE))
      return
    case '/download':
      send(
        200,
        { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report 2024.pdf"' },
        '%PDF-1.4',
      )
      return
    case '/sneaky':
      send(200, { 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="../../.bashrc"' }, 'x')
      return
    case '/2024/01/post-title/':
      send(200, { 'content-type': 'text/html' }, PAGE)
      return
    case '/':
      send(200, { 'content-type': 'application/json' }, '{}')
      return
    case '/server-error':
      send(503, { 'content-type': 'text/plain' }, 'down')
      return
    default:
      if (path.startsWith('/files/')) {
        send(200, { 'content-type': 'text/plain' }, 'x')
        return
      }
      send(404, { 'content-type': 'text/plain' }, 'not found')
  }
}

/** 16 MB of zeros, about 16 KB gzipped. */
let bomb: Buffer

beforeAll(async () => {
  bomb = zlib.gzipSync(Buffer.alloc(16 * MB), { level: 9 })
  server = http.createServer(route)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const res of open) res.destroy()
  server.closeAllConnections()
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())))
})

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError)
    return err as FetchError
  }
  throw new Error('expected the fetch to fail')
}

async function expectCode(promise: Promise<unknown>, code: FetchErrorCode): Promise<FetchError> {
  const err = await failure(promise)
  expect(err.code, err.message).toBe(code)
  return err
}

describe('isUrl', () => {
  it.each([
    ['http://example.org', true],
    ['https://example.org/a', true],
    ['HTTPS://EXAMPLE.ORG', true],
    ['Http://x', true],
    ['ftp://x', false],
    ['file:///etc/passwd', false],
    ['sources/page.html', false],
    ['http:/example.org', false],
    ['', false],
  ])('%s → %s', (arg, expected) => {
    expect(isUrl(arg)).toBe(expected)
  })
})

describe('fetchUrl', () => {
  it('fetches a page with its content type and lower-cased charset', async () => {
    const doc = await fetchUrl(`${base}/korean`)
    expect(doc.url).toBe(`${base}/korean`)
    expect(doc.requested).toBe(`${base}/korean`)
    expect(doc.contentType).toBe('text/html; charset=EUC-KR')
    expect(doc.charset).toBe('euc-kr')
    expect(Buffer.from(doc.bytes).equals(EUC_KR_BYTES)).toBe(true)
    expect(doc.fileName).toBe('korean.html')
  })

  it('follows three relative redirects', async () => {
    const doc = await fetchUrl(`${base}/hops/2`)
    expect(doc.requested).toBe(`${base}/hops/2`)
    expect(doc.url).toBe(`${base}/page`)
    expect(Buffer.from(doc.bytes).toString()).toBe(PAGE)
  })

  it('refuses more redirects than maxRedirects', async () => {
    const err = await expectCode(fetchUrl(`${base}/hops/2`, { maxRedirects: 2 }), 'too-many-redirects')
    expect(err.message).toContain(`\`${base}/hops/2\``)
    expect(err.message).toContain('more than 2 times')
  })

  it('fails on a redirect loop', async () => {
    const err = await expectCode(fetchUrl(`${base}/loop-a`), 'too-many-redirects')
    expect(err.message).toMatch(/loop/)
  })

  it('refuses a redirect to file:', async () => {
    const err = await expectCode(fetchUrl(`${base}/to-file`), 'unsupported-protocol')
    expect(err.url).toBe('file:///etc/passwd')
    expect(err.message).toContain('`file:///etc/passwd`')
  })

  it('times out on a server that sends headers and then nothing', async () => {
    const started = Date.now()
    const err = await expectCode(fetchUrl(`${base}/slow`, { timeoutMs: 300 }), 'timeout')
    expect(Date.now() - started).toBeLessThan(2000)
    expect(err.message).toContain('300 ms')
  })

  it('fails before reading a body whose Content-Length is over the cap', async () => {
    const err = await expectCode(fetchUrl(`${base}/big`, { timeoutMs: 5000 }), 'too-large')
    expect(err.message).toBe(`\`${base}/big\` is larger than 20 MB (the limit); download it yourself and ingest the file`)
  })

  it('stops reading a chunked body at the cap', async () => {
    const err = await expectCode(fetchUrl(`${base}/endless`, { maxBytes: 1 * MB, timeoutMs: 5000 }), 'too-large')
    expect(err.message).toContain('larger than 1 MB')
  })

  it('stops decompressing a gzip bomb at the cap', async () => {
    expect(bomb.length).toBeLessThan(100 * 1024)
    const err = await expectCode(fetchUrl(`${base}/bomb`, { maxBytes: 1 * MB, timeoutMs: 5000 }), 'too-large')
    expect(err.message).toContain('larger than 1 MB')
  })

  it.each(['gzip', 'deflate', 'deflate-raw', 'br'])('decompresses %s', async (name) => {
    const doc = await fetchUrl(`${base}/${name}`)
    expect(Buffer.from(doc.bytes).toString()).toBe(PAGE)
  })

  it('fails on 404 with the status in the message', async () => {
    const err = await expectCode(fetchUrl(`${base}/missing`), 'http-status')
    expect(err.message).toContain('404')
    expect(err.message).toContain(`\`${base}/missing\``)
  })

  it('fails on 503 and says to try later', async () => {
    const err = await expectCode(fetchUrl(`${base}/server-error`), 'http-status')
    expect(err.message).toMatch(/503.*try again later/)
  })

  it('refuses other protocols', async () => {
    const err = await expectCode(fetchUrl('ftp://x'), 'unsupported-protocol')
    expect(err.message).toContain('`ftp://x`')
  })

  it.each(['not a url', 'http://', ''])('refuses %j as a bad URL', async (arg) => {
    const err = await expectCode(fetchUrl(arg), 'bad-url')
    expect(err.message).toContain(`\`${arg}\``)
  })

  it('reports a refused connection as a network error', async () => {
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    await expectCode(fetchUrl(`http://127.0.0.1:${port}/`), 'network')
  })
})

describe('file names', () => {
  it('uses the Content-Disposition file name', async () => {
    const doc = await fetchUrl(`${base}/download`)
    expect(doc.fileName).toBe('report 2024.pdf')
  })

  it('uses the last path segment and adds an extension for the content type', async () => {
    const doc = await fetchUrl(`${base}/2024/01/post-title/`)
    expect(doc.fileName).toBe('post-title.html')
  })

  it('falls back to index', async () => {
    const doc = await fetchUrl(`${base}/`)
    expect(doc.fileName).toBe('index.json')
  })

  it('never lets .. or separators through', async () => {
    expect((await fetchUrl(`${base}/sneaky`)).fileName).toBe('bashrc.txt')
    expect((await fetchUrl(`${base}/files/..%2F..%2Fetc%2Fpasswd`)).fileName).toBe('passwd.txt')
    expect((await fetchUrl(`${base}/files/..%5C..%5Cboot.ini`)).fileName).toBe('boot.ini')
    expect((await fetchUrl(`${base}/files/%2e%2e%2e`)).fileName).toBe('index.txt')
    // The URL parser itself removes `..` segments, encoded or not.
    const up = await fetchUrl(`${base}/files/x/%2e%2e/../2024/01/post-title/`)
    expect(up.url).toBe(`${base}/2024/01/post-title/`)
    expect(up.fileName).toBe('post-title.html')
  })

  it.each([
    ['https://x.org/a/b/', 'text/html; charset=utf-8', null, 'b.html'],
    ['https://x.org/data', 'application/json', null, 'data.json'],
    ['https://x.org/feed', 'application/ld+json', null, 'feed.json'],
    ['https://x.org/notes', 'text/markdown', null, 'notes.md'],
    ['https://x.org/readme', 'text/plain', null, 'readme.txt'],
    ['https://x.org/paper.pdf', 'text/html', null, 'paper.pdf'],
    ['https://x.org/v1.2', 'text/html', null, 'v1.2.html'],
    ['https://x.org/blob', null, null, 'blob'],
    ['https://x.org/blob', 'application/octet-stream', null, 'blob'],
    ['https://x.org/', null, null, 'index'],
    ['https://x.org/%ED%95%9C%EA%B5%AD', 'text/html', null, '한국.html'],
    ['https://x.org/a', 'application/pdf', "attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf; filename=\"report.pdf\"", '보고서.pdf'],
    ['https://x.org/a', 'application/pdf', 'attachment; filename=plain.pdf', 'plain.pdf'],
    ['https://x.org/a', 'text/plain', 'attachment; filename="C:\\\\Users\\\\me\\\\notes"', 'notes.txt'],
    ['https://x.org/a', 'text/plain', 'attachment; filename="..."', 'a.txt'],
    ['https://x.org/nul', 'text/plain', null, '_nul.txt'],
    ['https://x.org/a:b?c', 'text/plain', null, 'a_b.txt'],
  ])('%s (%s, %s) → %s', (url, contentType, disposition, expected) => {
    expect(deriveFileName(url, contentType, disposition)).toBe(expected)
  })

  it('keeps names to 100 characters, extension included', () => {
    const name = deriveFileName(`https://x.org/${'a'.repeat(300)}`, 'text/html', null)
    expect(name).toHaveLength(100)
    expect(name.endsWith('.html')).toBe(true)
    const emoji = deriveFileName(`https://x.org/${encodeURIComponent('😀'.repeat(80))}.pdf`, null, null)
    expect(emoji.length).toBeLessThanOrEqual(100)
    expect(emoji.endsWith('.pdf')).toBe(true)
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})
