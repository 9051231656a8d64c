import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractText, getDocumentProxy, getMeta } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTemplate } from '../../src/templates/index.js'
import { runBrief } from '../helpers/cli.js'
import { tinyPng } from '../helpers/png.js'

/* A template's logo and title-block fields, and a brief's keywords, as a reader of the PDF sees them. */
const ROOT = new URL('../../', import.meta.url)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-logo-'))
  cpSync(new URL('sources/', ROOT), join(dir, 'sources'), { recursive: true })
  mkdirSync(join(dir, 'briefs'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function template(name: string, yaml: string, files: Record<string, Buffer | string> = {}): ReturnType<typeof loadTemplate> {
  mkdirSync(join(dir, 'templates', name), { recursive: true })
  writeFileSync(join(dir, 'templates', name, 'template.yaml'), yaml)
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, 'templates', name, file), content)
  return loadTemplate(name, dir)
}

describe('a template’s logo and title block', () => {
  it('checks the logo: a PNG or JPEG inside the template’s folder', () => {
    expect(template('ok', 'logo: { file: mark.png, width: 25mm }\n', { 'mark.png': tinyPng() }).template!.pdf.logo).toEqual({ file: join(dir, 'templates', 'ok', 'mark.png'), width: 70.87 })
    const messages = (name: string, yaml: string, files: Record<string, Buffer | string> = {}): string[] => template(name, yaml, files).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`)
    expect(messages('text', 'logo: mark.png\n', { 'mark.png': 'not an image' })).toEqual(['1:7 error the logo `mark.png` is not a PNG or JPEG image; convert it to one of those'])
    expect(messages('missing', 'description: x\nlogo: nowhere.png\n')[0]).toMatch(/^2:7 error the logo `nowhere\.png` cannot be read/)
    expect(messages('escape', 'logo: ../../../etc/passwd\n')[0]).toMatch(/^1:7 error the logo `\.\.\/\.\.\/\.\.\/etc\/passwd`/)
    const outside = mkdtempSync(join(tmpdir(), 'briefkit-outside-'))
    writeFileSync(join(outside, 'logo.png'), tinyPng())
    mkdirSync(join(dir, 'templates', 'linked'), { recursive: true })
    symlinkSync(join(outside, 'logo.png'), join(dir, 'templates', 'linked', 'mark.png'))
    expect(messages('linked', 'logo: mark.png\n')[0]).toMatch(/^1:7 error the logo `mark\.png`.*link/)
    rmSync(outside, { recursive: true, force: true })
    expect(messages('nofile', 'logo: { width: 20mm }\n')).toEqual(['1:7 error `logo` needs a `file`, e.g. `logo: { file: logo.png, width: 30mm }`'])
    expect(messages('fields', 'title-block: [title, colophon]\n')).toEqual(['1:22 error `title-block` must be one of `series`, `date`, `title`, `subtitle`, `authors`, `emails`, `abstract`, not `colophon`'])
  })

  it('draws the logo on the first page, shows only the title-block fields asked for, and sets the brief’s keywords', async () => {
    template('house', 'layout: sejong\ntitle-block: [series, title, authors]\nlogo: { file: mark.png, width: 20mm }\n', { 'mark.png': tinyPng() })
    const example = readFileSync(new URL('briefs/example.md', ROOT), 'utf8')
      .replace(/^template: .*$/m, 'template: house')
      .replace(/^title: /m, 'keywords: [ports, export controls, 한일 관계]\ntitle: ')
    writeFileSync(join(dir, 'briefs', 'house.md'), example)
    const run = await runBrief(['build', join(dir, 'briefs', 'house.md'), '--workspace', dir, '--to', 'pdf'])
    expect(run.code, run.stderr).toBe(0)
    const bytes = new Uint8Array(readFileSync(join(dir, 'out', 'house.pdf')))
    const raw = Buffer.from(bytes).toString('latin1')
    expect(raw).toMatch(/\/Subtype \/Image/)
    const pdf = await getDocumentProxy(bytes.slice())
    const { text } = await extractText(pdf, { mergePages: false })
    const first = text[0]!
    expect(first).toMatch(/^Example Policy Brief 2025-03/)
    expect(first.replace(/\s+/g, '')).toContain("Korea'smaritimeandsupply-chainbetsin2025")
    expect(first).toContain('Jane Doe')
    // Left out: the date beside the series, the subtitle, the e-mail, the summary box.
    expect(first).not.toContain('June 2, 2025')
    expect(first).not.toContain('What four sources say')
    expect(first).not.toContain('jane.doe@example.org')
    const { info } = await getMeta(pdf)
    expect((info as { Keywords?: string }).Keywords).toBe('ports, export controls, 한일 관계')
  })
})
