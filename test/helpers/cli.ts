import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli/main.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in this process, capturing what it prints. */
export async function runBrief(argv: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

/**
 * The command line of `brief` in a child process. The sources run through tsx, so that a
 * stale `dist/` (built by `npm install`) cannot hide a change; `bin: true` runs
 * `bin/brief.js` exactly as installed.
 */
export function briefCommand(argv: string[], bin = false): string[] {
  return bin ? [`${ROOT}bin/brief.js`, ...argv] : ['--import', 'tsx', `${ROOT}src/cli/run.ts`, ...argv]
}

/** Runs `brief` as a user would, in a child process. */
export function spawnBrief(argv: string[], options: { cwd?: string; timeoutMs?: number; bin?: boolean; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, briefCommand(argv, options.bin), { cwd: options.cwd ?? ROOT, env: { ...process.env, BRIEF_DEBUG: '' } })
    child.stdin.end(options.stdin ?? '')
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}
