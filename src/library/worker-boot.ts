import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** tsx's ES module API (`tsx/esm/api`, the `import` condition), found from this file rather than the working directory. */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json')
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href
}

/**
 * The code of a worker thread (`new Worker(code, { eval: true })`) that loads the module
 * `name` beside `callerUrl`: `name.js` when the caller is compiled; from the TypeScript
 * sources (tests, tsx) `name.ts`, with tsx registered inside the worker first, as `--import tsx`
 * does not reach a worker's loader. A module that fails to load calls `onFail(error)`, code
 * run in the worker (by default the failure ends the worker with an error event).
 */
export function workerBootCode(callerUrl: string, name: string, onFail = '(error) => { throw error }'): string {
  const typescript = callerUrl.endsWith('.ts')
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, callerUrl).href
  const register = typescript ? `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register() })` : 'Promise.resolve()'
  return `;(${register}).then(() => import(${JSON.stringify(entry)})).catch(${onFail})`
}
