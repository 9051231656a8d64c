import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runBrief } from './helpers/cli.js'

// The README's tour shows real output: every line it shows (an `…` stands for lines left
// out) must be printed by the command, in that order.
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const TOUR = [...README.matchAll(/^```\n\$ npx brief ([^\n]+)\n([\s\S]*?)^```$/gm)]

describe('README tour', () => {
  it('has examples', () => expect(TOUR.length).toBeGreaterThan(0))
  for (const [, args, shown] of TOUR) {
    it(`brief ${args}`, async () => {
      const run = await runBrief(args!.split(' '))
      const printed = `${run.stdout}${run.stderr}`.split('\n')
      let at = 0
      for (const line of shown!.split('\n').filter((l) => l !== '' && l !== '…')) {
        const found = printed.indexOf(line, at)
        expect(found, `README line not printed (in order): ${line}`).toBeGreaterThanOrEqual(0)
        at = found + 1
      }
    })
  }
})
