#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` through the `prepare` script): dist/brief.js,
// all of briefkit in one module. In a checkout without dist/, falls back to the TypeScript
// sources through tsx.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/brief.js', import.meta.url)
if (existsSync(compiled)) {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/run.ts', import.meta.url).href)
}
