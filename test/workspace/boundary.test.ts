import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkPath, foreignPathForm, insideWorkspace, isWithin, realPathOf, refusalMessage } from '../../src/library/boundary.js'
import { listSourceFiles, workspaceAt } from '../../src/library/workspace.js'
import { writeFileAtomic } from '../../src/library/write-atomic.js'
import type { Diagnostic } from '../../src/model/diagnostic.js'

/*
 * The workspace boundary's pure functions, on real folders and symbolic links: a workspace
 * `ws/` and, beside it, a folder `outside/` that nothing may read or write.
 */
let top: string
let ws: string
let outside: string

beforeEach(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'briefkit-boundary-')))
  ws = join(top, 'ws')
  outside = join(top, 'outside')
  mkdirSync(join(ws, 'briefs'), { recursive: true })
  mkdirSync(join(ws, 'sources'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.txt'), 'secret')
  writeFileSync(join(ws, 'briefs', 'refs.bib'), '')
})
afterEach(() => {
  chmodSync(top, 0o755)
  rmSync(top, { recursive: true, force: true })
})

describe('isWithin', () => {
  it('tells a folder and what lies under it from what does not, by names alone', () => {
    expect(isWithin('/w', '/w')).toBe(true)
    expect(isWithin('/w', '/w/a/b')).toBe(true)
    expect(isWithin('/w', '/w/..foo')).toBe(true)
    expect(isWithin('/w', '/w/../x')).toBe(false)
    expect(isWithin('/w', '/wx')).toBe(false)
    expect(isWithin('/w', '/')).toBe(false)
  })
})

describe('foreignPathForm', () => {
  it('refuses addresses and Windows paths, and passes plain paths', () => {
    expect(foreignPathForm('file:///etc/passwd')).toEqual({ kind: 'address', scheme: 'file' })
    expect(foreignPathForm('HTTPS://example.org/x.png')).toEqual({ kind: 'address', scheme: 'https' })
    expect(foreignPathForm('C:\\Windows\\win.ini')).toEqual({ kind: 'windows-path' })
    expect(foreignPathForm('c:/x.bib')).toEqual({ kind: 'windows-path' })
    expect(foreignPathForm('\\\\server\\share\\x.bib')).toEqual({ kind: 'windows-path' })
    expect(foreignPathForm('..\\..\\x.bib')).toEqual({ kind: 'windows-path' })
    expect(foreignPathForm('../x.bib')).toBeNull()
    expect(foreignPathForm('/etc/passwd')).toBeNull()
    expect(foreignPathForm('images/chart.png')).toBeNull()
  })
})

describe('realPathOf', () => {
  it('resolves links, also for a file still to be written and a dangling link', () => {
    symlinkSync(outside, join(ws, 'out'))
    expect(realPathOf(join(ws, 'out', 'new.pdf'))).toBe(join(outside, 'new.pdf'))
    symlinkSync(join(outside, 'nothing-yet.pdf'), join(ws, 'dangling.pdf'))
    expect(realPathOf(join(ws, 'dangling.pdf'))).toBe(join(outside, 'nothing-yet.pdf'))
    expect(realPathOf(join(ws, 'briefs', 'no', 'such', 'file'))).toBe(join(ws, 'briefs', 'no', 'such', 'file'))
  })

  it('gives null for links that loop', () => {
    symlinkSync(join(ws, 'b'), join(ws, 'a'))
    symlinkSync(join(ws, 'a'), join(ws, 'b'))
    expect(realPathOf(join(ws, 'a'))).toBeNull()
    expect(realPathOf(join(ws, 'a', 'x.txt'))).toBeNull()
  })
})

describe('checkPath', () => {
  const briefs = (): string => join(ws, 'briefs')

  it('accepts paths inside the workspace, `..` that stays inside, and absolute paths inside', () => {
    expect(checkPath(ws, briefs(), 'refs.bib')).toMatchObject({ ok: true, real: join(ws, 'briefs', 'refs.bib') })
    expect(checkPath(ws, briefs(), '../briefs/refs.bib')).toMatchObject({ ok: true })
    expect(checkPath(ws, briefs(), '../x.bib')).toMatchObject({ ok: true, path: join(ws, 'x.bib') })
    expect(checkPath(ws, briefs(), join(ws, 'briefs', 'refs.bib'))).toMatchObject({ ok: true })
    expect(checkPath(ws, briefs(), 'not/yet/there.png')).toMatchObject({ ok: true })
  })

  it('refuses `..` escapes and absolute paths outside', () => {
    expect(checkPath(ws, briefs(), '../../outside/secret.txt')).toEqual({ ok: false, refusal: { kind: 'outside', resolved: join(outside, 'secret.txt') } })
    expect(checkPath(ws, briefs(), '/etc/passwd')).toEqual({ ok: false, refusal: { kind: 'outside', resolved: '/etc/passwd' } })
    expect(checkPath(ws, briefs(), '../../ws-sibling/x')).toMatchObject({ ok: false, refusal: { kind: 'outside' } })
  })

  it('refuses a file that is a link out of the workspace', () => {
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'briefs', 'secret.png'))
    expect(checkPath(ws, briefs(), 'secret.png')).toEqual({ ok: false, refusal: { kind: 'symlink', link: 'briefs/secret.png', target: join(outside, 'secret.txt'), named: true } })
  })

  it('refuses a file in a linked folder, at any depth', () => {
    mkdirSync(join(ws, 'briefs', 'a', 'b'), { recursive: true })
    symlinkSync(outside, join(ws, 'briefs', 'a', 'b', 'c'))
    expect(checkPath(ws, briefs(), 'a/b/c/secret.txt')).toEqual({ ok: false, refusal: { kind: 'symlink', link: 'briefs/a/b/c', target: outside, named: false } })
    // A relative link, and a link to a link, are followed to the end.
    symlinkSync('../outside', join(ws, 'rel'))
    symlinkSync(join(ws, 'rel'), join(ws, 'briefs', 'hop'))
    expect(checkPath(ws, briefs(), 'hop/secret.txt')).toMatchObject({ ok: false, refusal: { kind: 'symlink', link: 'briefs/hop', target: outside } })
  })

  it('refuses a dangling link whose target, once written, would be outside', () => {
    symlinkSync(join(outside, 'new.png'), join(ws, 'briefs', 'new.png'))
    expect(checkPath(ws, briefs(), 'new.png')).toMatchObject({ ok: false, refusal: { kind: 'symlink', target: join(outside, 'new.png') } })
  })

  it('accepts links that stay inside the workspace', () => {
    mkdirSync(join(ws, 'images'))
    writeFileSync(join(ws, 'images', 'chart.png'), 'png')
    symlinkSync(join(ws, 'images'), join(ws, 'briefs', 'img'))
    expect(checkPath(ws, briefs(), 'img/chart.png')).toEqual({ ok: true, path: join(ws, 'briefs', 'img', 'chart.png'), real: join(ws, 'images', 'chart.png') })
  })

  it('works when the workspace itself is reached through a link', () => {
    const alias = join(top, 'alias')
    symlinkSync(ws, alias)
    expect(checkPath(alias, join(alias, 'briefs'), 'refs.bib')).toMatchObject({ ok: true, real: join(ws, 'briefs', 'refs.bib') })
    expect(checkPath(alias, join(alias, 'briefs'), join(ws, 'briefs', 'refs.bib'))).toMatchObject({ ok: true })
    expect(checkPath(alias, join(alias, 'briefs'), '../../outside/secret.txt')).toMatchObject({ ok: false })
  })

  it('refuses a link that loops', () => {
    symlinkSync(join(ws, 'briefs', 'b'), join(ws, 'briefs', 'a'))
    symlinkSync(join(ws, 'briefs', 'a'), join(ws, 'briefs', 'b'))
    expect(checkPath(ws, briefs(), 'a')).toEqual({ ok: false, refusal: { kind: 'symlink-loop', link: 'briefs/a' } })
  })

  it('refuses addresses and Windows paths before looking at any file', () => {
    expect(checkPath(ws, briefs(), 'file:///etc/passwd')).toEqual({ ok: false, refusal: { kind: 'address', scheme: 'file' } })
    expect(checkPath(ws, briefs(), 'C:\\refs.bib')).toEqual({ ok: false, refusal: { kind: 'windows-path' } })
    expect(checkPath(ws, briefs(), '\\\\server\\share\\refs.bib')).toEqual({ ok: false, refusal: { kind: 'windows-path' } })
  })
})

describe('insideWorkspace', () => {
  it('follows links in the path and in the root', () => {
    symlinkSync(outside, join(ws, 'out'))
    expect(insideWorkspace(ws, join(ws, 'briefs', 'refs.bib'))).toBe(true)
    expect(insideWorkspace(ws, join(ws, 'out', 'x.pdf'))).toBe(false)
    expect(insideWorkspace(ws, join(outside, 'secret.txt'))).toBe(false)
    symlinkSync(ws, join(top, 'alias'))
    expect(insideWorkspace(join(top, 'alias'), join(ws, 'briefs'))).toBe(true)
  })
})

describe('refusalMessage', () => {
  it('names the value in backticks and says what to do', () => {
    const fix = 'copy it into the workspace'
    expect(refusalMessage('the image', 'file:///etc/passwd', { kind: 'address', scheme: 'file' }, '/w', fix)).toBe(
      'the image `file:///etc/passwd` is a `file:` address, not a path in the workspace; copy it into the workspace',
    )
    expect(refusalMessage('the image', '../../x.png', { kind: 'outside', resolved: '/x.png' }, '/w/', fix)).toBe('the image `../../x.png` is outside the workspace `/w/` (it leads to `/x.png`); copy it into the workspace')
    expect(refusalMessage('the image', '/x.png', { kind: 'outside', resolved: '/x.png' }, '/w', fix)).toBe('the image `/x.png` is outside the workspace `/w`; copy it into the workspace')
    expect(refusalMessage('the image', 'img/x.png', { kind: 'symlink', link: 'briefs/img', target: '/tmp', named: false }, '/w', fix)).toBe(
      'the image `img/x.png` goes through the symbolic link `briefs/img` to `/tmp`, outside the workspace `/w`; copy it into the workspace',
    )
    expect(refusalMessage('the image', 'C:\\x.png', { kind: 'windows-path' }, '/w', fix)).toContain('is a Windows path')
  })
})

describe('listSourceFiles', () => {
  it('skips, and reports, files and folders of sources/ that link out of the workspace', () => {
    writeFileSync(join(ws, 'sources', 'a.txt'), 'a')
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'sources', 'secret.txt'))
    mkdirSync(join(ws, 'sources', 'deep', 'er'), { recursive: true })
    symlinkSync(outside, join(ws, 'sources', 'deep', 'er', 'dir'))
    // A link that stays inside is followed.
    writeFileSync(join(ws, 'briefs', 'notes.md'), 'notes')
    symlinkSync(join(ws, 'briefs', 'notes.md'), join(ws, 'sources', 'notes.md'))
    const refused: Diagnostic[] = []
    const files = listSourceFiles(workspaceAt(ws), refused)
    expect(files.map((f) => f.path)).toEqual(['sources/a.txt', 'sources/notes.md'])
    expect(refused.map((d) => [d.file, d.rule, d.severity])).toEqual([
      ['sources/deep/er/dir', 'source-outside-workspace', 'warning'],
      ['sources/secret.txt', 'source-outside-workspace', 'warning'],
    ])
    expect(refused[1]!.message).toBe(`\`sources/secret.txt\` is a symbolic link to \`${join(outside, 'secret.txt')}\`, outside the workspace; it was not read; copy the file into sources/ instead (\`brief ingest PATH\` does that)`)
  })

  it('does not follow links to a folder they are in, and reports links that loop on themselves', () => {
    mkdirSync(join(ws, 'sources', 'a'))
    writeFileSync(join(ws, 'sources', 'a', 'x.txt'), 'x')
    symlinkSync(join(ws, 'sources'), join(ws, 'sources', 'a', 'up'))
    symlinkSync(join(ws, 'sources', 'self'), join(ws, 'sources', 'self'))
    const refused: Diagnostic[] = []
    const files = listSourceFiles(workspaceAt(ws), refused)
    expect(files.map((f) => f.path)).toEqual(['sources/a/x.txt'])
    expect(refused.map((d) => [d.file, d.rule])).toEqual([
      ['sources/a/up', 'symlink-loop'],
      ['sources/self', 'symlink-loop'],
    ])
    // A second name for a folder that is not a loop is read under both names, as before.
    symlinkSync(join(ws, 'sources', 'a'), join(ws, 'sources', 'b'))
    expect(listSourceFiles(workspaceAt(ws)).map((f) => f.path)).toEqual(['sources/a/x.txt', 'sources/b/x.txt'])
  })

  it('reads nothing when sources/ itself links out of the workspace', () => {
    rmSync(join(ws, 'sources'), { recursive: true })
    symlinkSync(outside, join(ws, 'sources'))
    const refused: Diagnostic[] = []
    expect(listSourceFiles(workspaceAt(ws), refused)).toEqual([])
    expect(refused.map((d) => [d.file, d.rule])).toEqual([['sources', 'source-outside-workspace']])
  })
})

describe('writeFileAtomic', () => {
  it('replaces a link planted at the destination instead of writing through it', () => {
    mkdirSync(join(ws, 'out'))
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'out', 'x.pdf'))
    writeFileAtomic(join(ws, 'out', 'x.pdf'), 'new')
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret')
    expect(readFileSync(join(ws, 'out', 'x.pdf'), 'utf8')).toBe('new')
    expect(realpathSync(join(ws, 'out', 'x.pdf'))).toBe(join(ws, 'out', 'x.pdf'))
  })

  it('leaves the old file and no temporary file when the rename fails', () => {
    mkdirSync(join(ws, 'out', 'x.pdf', 'in-the-way'), { recursive: true })
    expect(() => writeFileAtomic(join(ws, 'out', 'x.pdf'), 'new')).toThrow()
    expect(readdirSync(join(ws, 'out'))).toEqual(['x.pdf'])
    expect(readdirSync(join(ws, 'out', 'x.pdf'))).toEqual(['in-the-way'])
  })

  it.skipIf(process.getuid?.() === 0)('leaves the old file when the folder is read-only', () => {
    mkdirSync(join(ws, 'out'))
    writeFileSync(join(ws, 'out', 'x.md'), 'old')
    chmodSync(join(ws, 'out'), 0o555)
    try {
      expect(() => writeFileAtomic(join(ws, 'out', 'x.md'), 'new')).toThrow(/EACCES/)
      expect(readFileSync(join(ws, 'out', 'x.md'), 'utf8')).toBe('old')
      expect(readdirSync(join(ws, 'out'))).toEqual(['x.md'])
    } finally {
      chmodSync(join(ws, 'out'), 0o755)
    }
  })

  it('writes large content whole', () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 7)
    writeFileAtomic(join(ws, 'out', 'big.pdf'), big)
    expect(readFileSync(join(ws, 'out', 'big.pdf')).equals(big)).toBe(true)
    expect(existsSync(join(ws, 'out'))).toBe(true)
  })
})
