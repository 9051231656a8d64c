// Bundles the libraries briefkit loads lazily into dist/vendor/, one file per group
// (`npm install` runs this after compiling). Node resolves and compiles each file of an
// ES module graph separately: the unified ecosystem alone is about 400 files, 90 ms to load
// one by one and 11 ms as one bundle. src/readers/lazy.ts uses the bundles when they exist
// and the packages themselves otherwise (tests run the TypeScript sources).
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
await build({
  entryPoints: { unified: `${root}scripts/vendor/unified.mjs`, dom: `${root}scripts/vendor/dom.mjs`, yaml: `${root}scripts/vendor/yaml.mjs` },
  outdir: `${root}dist/vendor`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'linked',
  // linkedom asks for the optional `canvas` package only to draw; briefkit never draws.
  external: ['canvas'],
  // CommonJS inside the bundles (`require('process')`) needs a real require in an ES module.
  banner: { js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);" },
  logLevel: 'warning',
})
