import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBrief } from './helpers/cli.js'

/*
 * Command tests in pandoc's manner: each test/commands/*.md holds fenced blocks of
 *
 *     % brief ARGS…
 *     what the command prints (stdout, then stderr lines prefixed with `2> `)
 *     => exit N
 *
 * The whole file is rebuilt from what the commands print and compared with the
 * file; `npx vitest run -u` rewrites it with the current output.
 *
 * A file that holds input blocks, fenced as ```file PATH, runs in a workspace of its own: a
 * temporary copy of this repository's sources/, where each input block is written to PATH
 * before the commands that follow it run there.
 */
const DIR = new URL('./commands/', import.meta.url)
const FENCE = '```'

interface Case {
  argv: string[]
}

function parseArgs(line: string): string[] {
  const args: string[] = []
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) args.push(m[1] ?? m[2] ?? m[3] ?? '')
  return args
}

function parse(markdown: string): { prose: string[]; cases: Case[] } {
  const prose: string[] = []
  const cases: Case[] = []
  const parts = markdown.split(new RegExp(`^${FENCE}\\n% brief ([^\\n]*)\\n[\\s\\S]*?^${FENCE}\\n?`, 'm'))
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) prose.push(parts[i]!)
    else cases.push({ argv: parseArgs(parts[i]!) })
  }
  return { prose, cases }
}

async function render(c: Case): Promise<string> {
  const run = await runBrief(c.argv)
  const err = run.stderr ? run.stderr.replace(/\n$/, '').split('\n').map((l) => `2> ${l}`).join('\n') + '\n' : ''
  return `${FENCE}\n% brief ${c.argv.map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ')}\n${run.stdout}${err}=> exit ${run.code}\n${FENCE}\n`
}

const INPUT = new RegExp(`^${FENCE}file (\\S+)\\n([\\s\\S]*?)^${FENCE}$`, 'gm')

describe('command tests (test/commands/*.md)', () => {
  for (const name of readdirSync(DIR).filter((n) => n.endsWith('.md')).sort()) {
    it(name, async () => {
      const markdown = readFileSync(new URL(name, DIR), 'utf8')
      const { prose, cases } = parse(markdown)
      expect(cases.length, `${name} holds at least one command`).toBeGreaterThan(0)
      const ownWorkspace = prose.some((p) => p.includes(`${FENCE}file `))
      const home = process.cwd()
      const workspace = ownWorkspace ? mkdtempSync(join(tmpdir(), 'briefkit-cmd-')) : null
      if (workspace) {
        cpSync(new URL('../sources/', import.meta.url), join(workspace, 'sources'), { recursive: true })
        process.chdir(workspace)
      }
      try {
        let rebuilt = ''
        for (let i = 0; i < prose.length; i++) {
          rebuilt += prose[i]
          for (const [, path, content] of prose[i]!.matchAll(INPUT)) {
            mkdirSync(dirname(path!), { recursive: true })
            writeFileSync(path!, content!)
          }
          const c = cases[i]
          if (c) rebuilt += await render(c)
        }
        await expect(rebuilt).toMatchFileSnapshot(`./commands/${name}`)
      } finally {
        process.chdir(home)
        if (workspace) rmSync(workspace, { recursive: true, force: true })
      }
    })
  }
})
