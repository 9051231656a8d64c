import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT, runBrief } from '../helpers/cli.js'
import { tinyPng } from '../helpers/png.js'

/*
 * The workspace boundary as a user meets it: a workspace `ws/` (a copy of the example
 * sources) and beside it `outside/`, which no command may read into a brief or write to.
 * Refusals are diagnostics placed at the value (`file:line:column: error outside-workspace …`)
 * or, for folders briefkit writes in, a clean `brief: …` error with exit code 3.
 */
let top: string
let ws: string
let outside: string

beforeEach(() => {
  top = realpathSync(mkdtempSync(join(tmpdir(), 'briefkit-boundary-cmd-')))
  ws = join(top, 'ws')
  outside = join(top, 'outside')
  cpSync(join(ROOT, 'sources'), join(ws, 'sources'), { recursive: true })
  mkdirSync(join(ws, 'briefs'))
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.txt'), 'the secret')
  writeFileSync(join(outside, 'secret.png'), tinyPng())
  writeFileSync(join(outside, 'refs.bib'), '@misc{leak2020, author = {Roe, Jan}, title = {Leaked}, year = {2020}}\n')
  writeFileSync(join(outside, 'evil.csl'), readFileSync(join(ROOT, 'styles', 'apa.csl')))
})
afterEach(() => {
  for (const dir of [join(ws, 'out'), outside]) if (existsSync(dir)) chmodSync(dir, 0o755)
  rmSync(top, { recursive: true, force: true })
})

/** Writes briefs/NAME.md and runs `brief ARGS` on it in the workspace. */
async function withBrief(name: string, text: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string; file: string }> {
  const file = join(ws, 'briefs', `${name}.md`)
  writeFileSync(file, text)
  const run = await runBrief([...args, file, '--workspace', ws])
  return { ...run, file }
}

const brief = (frontmatter: string, body = 'Text [@lee2024seoul].\n'): string => `---\ntitle: T\n${frontmatter}---\n\n${body}`

describe('what a brief names: refused when it leads out of the workspace', () => {
  const cases: Array<{ what: string; text: string; at: string; message: string }> = [
    { what: 'template: ../../etc', text: brief('template: ../../etc\n'), at: '3:11', message: 'the template `../../etc` is written as a path; a template is named, not located: use one of' },
    { what: 'template: /etc', text: brief('template: /etc\n'), at: '3:11', message: 'the template `/etc` is written as a path' },
    { what: 'bibliography: /etc/passwd', text: brief('bibliography: /etc/passwd\n'), at: '3:15', message: 'the bibliography file `/etc/passwd` is outside the workspace `WS`; copy it into the workspace, next to the brief, and name it by a relative path' },
    { what: 'bibliography: ../../outside/refs.bib', text: brief('bibliography: ../../outside/refs.bib\n'), at: '3:15', message: 'the bibliography file `../../outside/refs.bib` is outside the workspace `WS` (it leads to `OUTSIDE/refs.bib`)' },
    { what: 'bibliography: [ok.bib, C:\\refs.bib]', text: brief('bibliography:\n  - ok.bib\n  - C:\\refs.bib\n'), at: '5:5', message: 'the bibliography file `C:\\refs.bib` is a Windows path' },
    { what: 'bibliography: \\\\server\\share', text: brief("bibliography: '\\\\server\\share\\refs.bib'\n"), at: '3:15', message: 'the bibliography file `\\\\server\\share\\refs.bib` is a Windows path (a drive letter, a \\\\server share or backslashes); write it with forward slashes, relative to the workspace; copy it into the workspace' },
    { what: 'bibliography: file:///etc/passwd', text: brief('bibliography: file:///etc/passwd\n'), at: '3:15', message: 'the bibliography file `file:///etc/passwd` is a `file:` address, not a path in the workspace' },
    { what: 'citation-style: ../../outside/evil.csl', text: brief('citation-style: ../../outside/evil.csl\n'), at: '3:17', message: 'the citation style `../../outside/evil.csl` is outside the workspace `WS` (it leads to `OUTSIDE/evil.csl`); copy the .csl file into the workspace, next to the brief, and name it by a relative path, or use a built-in style (`chicago-note`, `apa`)' },
    { what: 'csl: /etc/evil.csl', text: brief('csl: /etc/evil.csl\n'), at: '3:6', message: 'the citation style `/etc/evil.csl` is outside the workspace' },
    { what: '![](../../outside/secret.png)', text: brief('', 'Text [@lee2024seoul].\n\n![chart](../../outside/secret.png)\n'), at: '7:1', message: 'the image `../../outside/secret.png` is outside the workspace `WS` (it leads to `OUTSIDE/secret.png`); copy it into the workspace (next to the brief, say) and link it by a relative path such as `images/chart.png`' },
    { what: '![](/abs/secret.png)', text: brief('', 'Text [@lee2024seoul].\n\n![chart](OUTSIDE/secret.png)\n'), at: '7:1', message: 'the image `OUTSIDE/secret.png` is outside the workspace `WS`;' },
    { what: '![](file:///etc/passwd)', text: brief('', 'Text [@lee2024seoul] ![x](file:///etc/passwd).\n'), at: '5:22', message: 'the image `file:///etc/passwd` is a `file:` address, not a path in the workspace' },
  ]
  for (const c of cases) {
    it(`${c.what}: error outside-workspace, exit 1, nothing built`, async () => {
      writeFileSync(join(ws, 'briefs', 'ok.bib'), '')
      const text = c.text.replaceAll('OUTSIDE', outside)
      const run = await withBrief('b', text, ['build'])
      const message = c.message.replaceAll('WS', ws).replaceAll('OUTSIDE', outside)
      expect(run.stderr).toContain(`${run.file}:${c.at}: error outside-workspace ${message}`)
      expect(run.stderr).toContain('was not built; fix the errors above')
      expect(run.stderr).not.toMatch(/\n\s+at /)
      expect(run.code).toBe(1)
      expect(existsSync(join(ws, 'out'))).toBe(false)
      // `brief check` says the same.
      const check = await runBrief(['check', run.file, '--workspace', ws])
      expect(check.stderr).toContain(`${run.file}:${c.at}: error outside-workspace`)
      expect(check.code).toBe(1)
    })
  }

  it('an image, a bibliography and a style that are links out of the workspace are refused; inside, they are used', async () => {
    symlinkSync(join(outside, 'secret.png'), join(ws, 'briefs', 'chart.png'))
    symlinkSync(join(outside, 'refs.bib'), join(ws, 'briefs', 'refs.bib'))
    symlinkSync(outside, join(ws, 'briefs', 'styles'))
    const run = await withBrief('links', brief('bibliography: refs.bib\ncitation-style: styles/evil.csl\n', 'Text [@leak2020].\n\n![chart](chart.png)\n'), ['build'])
    expect(run.stderr).toContain(`${run.file}:3:15: error outside-workspace the bibliography file \`refs.bib\` is a symbolic link to \`${join(outside, 'refs.bib')}\`, outside the workspace \`${ws}\``)
    expect(run.stderr).toContain(`${run.file}:4:17: error outside-workspace the citation style \`styles/evil.csl\` goes through the symbolic link \`briefs/styles\` to \`${outside}\`, outside the workspace`)
    expect(run.stderr).toContain(`${run.file}:9:1: error outside-workspace the image \`chart.png\` is a symbolic link to \`${join(outside, 'secret.png')}\``)
    // The leaked entry was never read: its key is unknown.
    expect(run.stderr).toContain('error unknown-source no source `leak2020`')
    expect(run.code).toBe(1)

    // The same files copied in are fine.
    for (const name of ['chart.png', 'refs.bib', 'styles']) rmSync(join(ws, 'briefs', name))
    cpSync(join(outside, 'secret.png'), join(ws, 'briefs', 'chart.png'))
    cpSync(join(outside, 'refs.bib'), join(ws, 'briefs', 'refs.bib'))
    mkdirSync(join(ws, 'briefs', 'styles'))
    cpSync(join(outside, 'evil.csl'), join(ws, 'briefs', 'styles', 'evil.csl'))
    const ok = await runBrief(['build', run.file, '--workspace', ws])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(readFileSync(join(ws, 'out', 'links.pdf')).toString('latin1')).toMatch(/\/Subtype \/Image/)
  })

  it('a workspace template that links out of the workspace is refused', async () => {
    mkdirSync(join(outside, 'evil'))
    writeFileSync(join(outside, 'evil', 'template.yaml'), 'description: from elsewhere\n')
    mkdirSync(join(ws, 'templates', 'own'), { recursive: true })
    symlinkSync(join(outside, 'evil'), join(ws, 'templates', 'evil'))
    symlinkSync(join(outside, 'evil', 'template.yaml'), join(ws, 'templates', 'own', 'template.yaml'))
    const run = await withBrief('t', brief('template: evil\n'), ['build'])
    expect(run.stderr).toContain(`${run.file}:3:11: error outside-workspace the template file \`templates/evil/template.yaml\` goes through the symbolic link \`templates/evil\` to \`${join(outside, 'evil')}\`, outside the workspace \`${ws}\`; copy the template's folder into templates/ instead of linking to it`)
    expect(run.code).toBe(1)
    const own = await withBrief('t', brief('template: own\n'), ['build'])
    expect(own.stderr).toContain(`error outside-workspace the template file \`templates/own/template.yaml\` is a symbolic link to \`${join(outside, 'evil', 'template.yaml')}\``)
    // `brief new` refuses it too, without a stack trace.
    const made = await runBrief(['new', join(ws, 'briefs', 'n.md'), '--template', 'own', '--workspace', ws])
    expect(made.stderr).toMatch(/^brief: the template file `templates\/own\/template.yaml` is a symbolic link to `/)
    expect(made.code).toBe(1)
    expect(existsSync(join(ws, 'briefs', 'n.md'))).toBe(false)
  })

  it('a template style path that leads out of the workspace is refused, placed in template.yaml', async () => {
    mkdirSync(join(ws, 'templates', 'house'), { recursive: true })
    writeFileSync(join(ws, 'templates', 'house', 'template.yaml'), 'description: house\ncitation-style: ../../../outside/evil.csl\n')
    const run = await withBrief('h', brief('template: house\n'), ['build'])
    expect(run.stderr).toContain(`${join(ws, 'templates', 'house', 'template.yaml')}:1:1: error outside-workspace the citation style of template \`house\` \`../../../outside/evil.csl\` is outside the workspace`)
    expect(run.code).toBe(1)
  })
})

describe('sources/: links out of the workspace are not read', () => {
  it('reports a linked file and folder as warnings and lists only what is inside', async () => {
    writeFileSync(join(outside, 'leak.txt'), 'LEAKED TITLE\n\nA claim from outside the workspace.\n')
    symlinkSync(join(outside, 'leak.txt'), join(ws, 'sources', 'leak.txt'))
    symlinkSync(outside, join(ws, 'sources', 'elsewhere'))
    symlinkSync(join(ws, 'sources'), join(ws, 'sources', 'loop'))
    const run = await runBrief(['sources', '--workspace', ws])
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `sources/elsewhere:1:1: warning source-outside-workspace \`sources/elsewhere\` is a symbolic link to \`${outside}\`, outside the workspace; it was not read; copy the file into sources/ instead (\`brief ingest PATH\` does that)`,
      `sources/leak.txt:1:1: warning source-outside-workspace \`sources/leak.txt\` is a symbolic link to \`${join(outside, 'leak.txt')}\`, outside the workspace; it was not read; copy the file into sources/ instead (\`brief ingest PATH\` does that)`,
      'sources/loop:1:1: warning symlink-loop `sources/loop` is a symbolic link to `sources`, a folder it is in; it was not followed, which would loop',
    ])
    expect(run.stdout).not.toContain('LEAKED')
    expect(run.stdout).toContain('lee2024seoul')
    expect(run.code).toBe(0)
  })

  it('ingest never writes outside sources/: a linked folder in sources/ is refused with exit 3', async () => {
    const drop = join(top, 'drop')
    mkdirSync(join(drop, 'sub'), { recursive: true })
    writeFileSync(join(drop, 'sub', 'new.txt'), 'New\n\nA claim.\n')
    // `sources/drop` leads out: copying the folder `drop` would write into `outside/`.
    symlinkSync(outside, join(ws, 'sources', 'drop'))
    const run = await runBrief(['ingest', drop, '--workspace', ws])
    expect(run.stderr).toBe(`brief: copying to \`sources/drop/sub/new.txt\` goes through the symbolic link \`sources/drop\` to \`${outside}\`, outside the workspace \`${ws}\`; briefkit writes only inside sources/; rename the file, or replace the link in sources/ with a folder\n`)
    expect(run.code).toBe(3)
    expect(readdirSync(outside).sort()).toEqual(['evil.csl', 'refs.bib', 'secret.png', 'secret.txt'])
  })

  it('ingest does not write through a dangling link planted at the name it copies to', async () => {
    const file = join(top, 'note.txt')
    writeFileSync(file, 'Note\n\nA claim.\n')
    symlinkSync(join(outside, 'planted.txt'), join(ws, 'sources', 'note.txt'))
    const run = await runBrief(['ingest', file, '--workspace', ws])
    expect(run.stderr).toBe(`brief: copying to \`sources/note.txt\` is a symbolic link to \`${join(outside, 'planted.txt')}\`, outside the workspace \`${ws}\`; briefkit writes only inside sources/; rename the file, or replace the link in sources/ with a folder\n`)
    expect(run.code).toBe(3)
    expect(existsSync(join(outside, 'planted.txt'))).toBe(false)
  })

  it('ingest of a folder with links looping back reads each file once and ends', async () => {
    const drop = join(top, 'drop')
    mkdirSync(drop)
    writeFileSync(join(drop, 'a.txt'), 'A\n\nA claim.\n')
    symlinkSync(drop, join(drop, 'again'))
    symlinkSync(join(drop, 'self'), join(drop, 'self'))
    const run = await runBrief(['ingest', drop, '--workspace', ws])
    expect(run.stderr).toContain(`brief: skipped \`${join(drop, 'self')}\`: a symbolic link that loops back on itself`)
    expect(run.stdout).toContain('(sources/drop/a.txt)')
    expect(run.code).toBe(0)
    expect(readdirSync(join(ws, 'sources', 'drop'))).toEqual(['a.txt'])
  })
})

describe('what a build writes: out/ and .brief/ only, and out/ files atomically', () => {
  const text = brief('')

  it('refuses out/ when it is a link out of the workspace (exit 3); --out DIR is the user\'s choice', async () => {
    symlinkSync(outside, join(ws, 'out'))
    const run = await withBrief('x', text, ['build'])
    expect(run.stderr).toBe(`brief: \`out\` is a symbolic link to \`${outside}\`, outside the workspace \`${ws}\`; briefkit writes only inside the workspace: delete the link (briefkit makes out/ again), or pass --out DIR to write elsewhere\n`)
    expect(run.code).toBe(3)
    expect(readdirSync(outside).sort()).toEqual(['evil.csl', 'refs.bib', 'secret.png', 'secret.txt'])
    const chosen = await runBrief(['build', run.file, '--workspace', ws, '--out', join(top, 'chosen'), '--to', 'md'])
    expect(chosen.code).toBe(0)
    expect(existsSync(join(top, 'chosen', 'x.md'))).toBe(true)
  })

  it('refuses .brief/ (or the database in it) when it links out of the workspace (exit 3)', async () => {
    symlinkSync(outside, join(ws, '.brief'))
    const run = await withBrief('x', text, ['build'])
    expect(run.stderr).toBe(`brief: \`.brief\` is a symbolic link to \`${outside}\`, outside the workspace \`${ws}\`; briefkit writes only inside the workspace: delete \`.brief\`: .brief/ is a cache, which briefkit makes again\n`)
    expect(run.code).toBe(3)
    rmSync(join(ws, '.brief'))
    mkdirSync(join(ws, '.brief'))
    symlinkSync(join(outside, 'library.db'), join(ws, '.brief', 'library.db'))
    const db = await runBrief(['sources', '--workspace', ws])
    expect(db.stderr).toContain(`brief: \`.brief/library.db\` is a symbolic link to \`${join(outside, 'library.db')}\``)
    expect(db.code).toBe(3)
    expect(existsSync(join(outside, 'library.db'))).toBe(false)
  })

  it('replaces a link planted at out/NAME.pdf instead of writing through it', async () => {
    mkdirSync(join(ws, 'out'))
    symlinkSync(join(outside, 'secret.txt'), join(ws, 'out', 'x.pdf'))
    symlinkSync(join(outside, 'new.md'), join(ws, 'out', 'x.md'))
    const run = await withBrief('x', text, ['build'])
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('the secret')
    expect(existsSync(join(outside, 'new.md'))).toBe(false)
    expect(lstatSync(join(ws, 'out', 'x.pdf')).isFile()).toBe(true)
    expect(readFileSync(join(ws, 'out', 'x.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it('a write that fails leaves the old file, names the file and exits 3', async () => {
    mkdirSync(join(ws, 'out', 'x.pdf', 'in-the-way'), { recursive: true })
    const run = await withBrief('x', text, ['build', '--to', 'pdf'])
    expect(run.stderr).toBe(`brief: cannot write \`${join(ws, 'out', 'x.pdf')}\`: a folder has that name; the old file, if any, is unchanged; make \`${join(ws, 'out')}\` writable, or pass --out DIR\n`)
    expect(run.code).toBe(3)
    expect(readdirSync(join(ws, 'out'))).toEqual(['x.pdf'])
  })

  it.skipIf(process.getuid?.() === 0)('a read-only out/ leaves the old file and exits 3', async () => {
    mkdirSync(join(ws, 'out'))
    writeFileSync(join(ws, 'out', 'x.md'), 'old')
    chmodSync(join(ws, 'out'), 0o555)
    const run = await withBrief('x', text, ['build', '--to', 'md'])
    expect(run.stderr).toBe(`brief: cannot write \`${join(ws, 'out', 'x.md')}\`: permission denied; the old file, if any, is unchanged; make \`${join(ws, 'out')}\` writable, or pass --out DIR\n`)
    expect(run.code).toBe(3)
    expect(readFileSync(join(ws, 'out', 'x.md'), 'utf8')).toBe('old')
    expect(readdirSync(join(ws, 'out'))).toEqual(['x.md'])
  })

  it('a full build writes nothing but out/, .brief/ and the lock beside the brief', async () => {
    // Every kind of reference the build follows, all inside the workspace.
    mkdirSync(join(ws, 'templates', 'house'), { recursive: true })
    writeFileSync(join(ws, 'templates', 'house', 'template.yaml'), 'description: house\ncitation-style: apa\n')
    writeFileSync(join(ws, 'briefs', 'refs.bib'), '@misc{doe2020, author = {Doe, Jane}, title = {A Report}, year = {2020}}\n')
    writeFileSync(join(ws, 'briefs', 'chart.png'), tinyPng())
    const file = join(ws, 'briefs', 'full.md')
    writeFileSync(file, brief('template: house\nbibliography: refs.bib\n', 'Text [@lee2024seoul; @doe2020].\n\n![chart](chart.png)\n'))
    const before = snapshot(top)
    const run = await runBrief(['build', file, '--workspace', ws])
    expect(run.code, run.stderr).toBe(0)
    const after = snapshot(top)
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort()
    // `ws` itself: its listing gains out/ and .brief/.
    const allowed = (p: string): boolean => p === 'ws' || p.startsWith('ws/out/') || p === 'ws/out' || p.startsWith('ws/.brief/') || p === 'ws/.brief' || p === 'ws/briefs/full.lock.json' || p === 'ws/briefs'
    expect(changed.filter((p) => !allowed(p))).toEqual([])
    expect(changed).toContain('ws/out/full.pdf')
    expect(changed).toContain('ws/out/full.md')
    expect(changed).toContain('ws/briefs/full.lock.json')
    // Nothing in the sibling folder was touched, and no temporary file is left anywhere.
    expect(changed.filter((p) => p.startsWith('outside'))).toEqual([])
    expect([...after.keys()].filter((p) => p.endsWith('.tmp'))).toEqual([])
  })
})

/** Every path under `dir` (relative, with `/`) → its type, size and modification time; links are not followed. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name)
      const stat = lstatSync(path)
      const key = relative(dir, path).split(sep).join('/')
      out.set(key, `${stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'link' : 'file'} ${stat.isDirectory() ? '' : stat.size} ${stat.mtimeMs}`)
      if (stat.isDirectory()) walk(path)
    }
  }
  walk(dir)
  return out
}
