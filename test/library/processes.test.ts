import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import { loadSqlite } from '../../src/library/sqlite.js'
import { ROOT, briefCommand, spawnBrief } from '../helpers/cli.js'

let dir: string

/** `count` small briefs, each with its own title, so each gets its own citation key. */
function fill(count: number): void {
  mkdirSync(join(dir, 'sources', 'gen'), { recursive: true })
  for (let i = 0; i < count; i++) {
    const body = Array.from({ length: 12 }, (_, k) => `❍ Finding ${k} of brief ${i}: ports, shipping lanes and coast guards in region ${i % 17}`).join('\n\n')
    writeFileSync(join(dir, 'sources', 'gen', `b${String(i).padStart(5, '0')}.txt`), `Generated Policy Briefs\n\n(Brief 2024-${i}) Topic${i} review\n\nDate 2024-05-01\n\n■ Findings\n\n${body}\n`)
  }
}

function integrity(): { ok: string; sources: number; files: number; claims: number; fts: number } {
  const Database = loadSqlite()
  const db = new Database(join(dir, '.brief', 'library.db'), { readonly: true })
  try {
    return {
      ok: db.pragma('integrity_check', { simple: true }) as string,
      sources: db.prepare('SELECT count(*) FROM sources').pluck().get() as number,
      files: db.prepare('SELECT count(*) FROM files').pluck().get() as number,
      claims: db.prepare('SELECT count(*) FROM claims').pluck().get() as number,
      fts: db.prepare("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'finding'").pluck().get() as number,
    }
  } finally {
    db.close()
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'briefkit-proc-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the library under several processes', () => {
  it('two processes updating at once both succeed and leave one consistent library', async () => {
    fill(300)
    const [a, b] = await Promise.all([spawnBrief(['sources', '--json', '-w', dir]), spawnBrief(['sources', '--json', '-w', dir])])
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', ''])
    expect((JSON.parse(a.stdout) as unknown[]).length).toBe(300)
    expect((JSON.parse(b.stdout) as unknown[]).length).toBe(300)
    expect(integrity()).toEqual({ ok: 'ok', sources: 300, files: 300, claims: 3600, fts: 3600 })
  })

  it('a process killed in the middle of an update leaves a library the next command completes', async () => {
    fill(1500)
    const child = spawn(process.execPath, briefCommand(['sources', '-w', dir]), { cwd: ROOT, stdio: 'ignore' })
    // Kill it once the first batches are in: the library file exists and holds some sources.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        try {
          if (integrity().files > 0) {
            clearInterval(poll)
            child.kill('SIGKILL')
            resolve()
          }
        } catch {
          // not created yet
        }
      }, 20)
      child.on('exit', () => {
        clearInterval(poll)
        resolve()
      })
    })
    await new Promise((resolve) => child.on('close', resolve))
    const partial = integrity()
    expect(partial.ok).toBe('ok')
    expect(partial.files, 'the kill landed before the update finished').toBeLessThan(1500)
    // Whatever was written is whole: every indexed file has its source and all its claims.
    expect(partial.claims).toBe(partial.files * 12)
    expect(partial.sources).toBe(partial.files)

    const library = Library.open(dir)
    try {
      const report = library.sync()
      expect(report.added.length).toBe(1500 - partial.files)
    } finally {
      library.close()
    }
    expect(integrity()).toEqual({ ok: 'ok', sources: 1500, files: 1500, claims: 18000, fts: 18000 })
  }, 60_000)
})

describe('reading in a worker thread', () => {
  it('gives the same library as reading in one thread', async () => {
    fill(450)
    const a = Library.open(dir)
    const viaWorker = await a.syncAsync()
    a.close()
    const first = integrity()
    rmSync(join(dir, '.brief'), { recursive: true })
    const b = Library.open(dir)
    const inThread = b.sync()
    const ids = b.sources().map((s) => s.id)
    b.close()
    expect(viaWorker.readInWorker).toBe(450)
    expect(inThread.readInWorker).toBe(0)
    expect(viaWorker.added.sort()).toEqual(inThread.added.sort())
    expect(integrity()).toEqual(first)
    expect(ids).toHaveLength(450)
  }, 60_000)
})
