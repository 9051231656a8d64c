import { readFileSync, readdirSync } from 'node:fs'
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

describe('command tests (test/commands/*.md)', () => {
  for (const name of readdirSync(DIR).filter((n) => n.endsWith('.md')).sort()) {
    it(name, async () => {
      const markdown = readFileSync(new URL(name, DIR), 'utf8')
      const { prose, cases } = parse(markdown)
      expect(cases.length, `${name} holds at least one command`).toBeGreaterThan(0)
      let rebuilt = ''
      for (let i = 0; i < prose.length; i++) {
        rebuilt += prose[i]
        const c = cases[i]
        if (c) rebuilt += await render(c)
      }
      await expect(rebuilt).toMatchFileSnapshot(`./commands/${name}`)
    })
  }
})
