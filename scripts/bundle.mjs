// Bundles what the `brief` command loads (`npm install` runs this after compiling): the
// libraries briefkit loads lazily into dist/vendor/, one file per group, and briefkit itself
// into dist/brief.js. Node resolves and compiles each file of an ES module graph separately:
// the unified ecosystem alone is about 400 files, 90 ms to load one by one and 11 ms as one
// bundle. src/readers/lazy.ts and src/writers/pdf/load.ts use the bundles when they exist and
// the packages themselves otherwise (tests run the TypeScript sources).
import { build } from 'esbuild'
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
await build({
  entryPoints: { unified: `${root}scripts/vendor/unified.mjs`, rehype: `${root}scripts/vendor/rehype.mjs`, dom: `${root}scripts/vendor/dom.mjs`, yaml: `${root}scripts/vendor/yaml.mjs` },
  outdir: `${root}dist/vendor`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'linked',
  // Whitespace and syntax only: a quarter less to parse at every start; names stay, for stack traces.
  minifyWhitespace: !process.env.NO_MINIFY,
  minifySyntax: !process.env.NO_MINIFY,
  // linkedom asks for the optional `canvas` package only to draw; briefkit never draws.
  external: ['canvas'],
  // CommonJS inside the bundles (`require('process')`) needs a real require in an ES module.
  banner: { js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);" },
  logLevel: 'warning',
})

// fontkit's CFF INDEX class, to which scripts/vendor/cff-index.cjs is appended (its name in
// fontkit 2's build; checked, so that another fontkit fails the build instead of the patch).
const CFF_INDEX_CLASS = '$9eaea3754914a290$export$2e2bcd8739ae039'
const fontkitMain = createRequire(createRequire(import.meta.url).resolve('pdfkit')).resolve('fontkit')

/**
 * A library's module with a file of scripts/vendor/ appended (CFF_INDEX_CLASS in it replaced
 * by its value), after checking that the module holds the code the file replaces: another
 * version of the library fails the build instead of the patch.
 */
function appendPatch(path, patchFile, mustHold, ok = true) {
  const source = readFileSync(path, 'utf8')
  const missing = mustHold.filter((text) => !source.includes(text))
  if (!ok || missing.length) throw new Error(`${path} is not the code scripts/vendor/${patchFile} was written for (${missing.map((m) => `\`${m}\``).join(', ') || 'another copy'}); update the patch for this version`)
  const patch = readFileSync(`${root}scripts/vendor/${patchFile}`, 'utf8').replace('CFF_INDEX_CLASS', CFF_INDEX_CLASS)
  return { contents: `${source}\n${patch}`, loader: 'js' }
}

// The PDF stack: CommonJS, since pdfkit reads its standard fonts' metrics from
// `${__dirname}/data/` (copied beside the bundle below).
await build({
  entryPoints: { pdf: `${root}scripts/vendor/pdf.cjs` },
  outdir: `${root}dist/vendor`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  minifyWhitespace: !process.env.NO_MINIFY,
  minifySyntax: !process.env.NO_MINIFY,
  platform: 'node',
  target: 'node20',
  legalComments: 'linked',
  plugins: [
    {
      name: 'left-out',
      setup(bundle) {
        bundle.onResolve({ filter: /^(?:@noble\/(?:ciphers|hashes)|brotli|xmldoc|sax)(?:\/|$)/ }, () => ({ path: `${root}scripts/vendor/left-out.cjs` }))
        bundle.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: `${root}scripts/vendor/inflate.cjs` }))
        bundle.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.js$/ }, ({ path }) =>
          appendPatch(path, 'pdfkit-layout.cjs', ['class EmbeddedFont extends PDFFont {', "[' ', '\\t'].includes(needle)"]),
        )
        bundle.onLoad({ filter: /fontkit[\\/]dist[\\/]main\.cjs$/ }, ({ path }) =>
          appendPatch(path, 'cff-index.cjs', [`class ${CFF_INDEX_CLASS} {`, 'Bad offset size in CFFIndex'], path === fontkitMain),
        )
        // The stand-in itself requires the real linebreak.
        bundle.onResolve({ filter: /^linebreak$/ }, ({ importer }) => (importer.endsWith('linebreak.cjs') ? undefined : { path: `${root}scripts/vendor/linebreak.cjs` }))
      },
    },
  ],
  logLevel: 'warning',
})
const afm = join(dirname(createRequire(import.meta.url).resolve('pdfkit')), 'data')
mkdirSync(`${root}dist/vendor/data`, { recursive: true })
for (const file of readdirSync(afm)) if (file.endsWith('.afm')) cpSync(join(afm, file), `${root}dist/vendor/data/${file}`)

// briefkit itself, for the command (bin/brief.js): one module instead of about a hundred loads
// in half the time (25 ms less on every command). The packages stay outside, and dist/ keeps
// the compiled modules (the library's API, the worker threads). Each file's `import.meta.url`
// becomes the address of its compiled twin in dist/, so that the paths found from it (the
// built-in templates, the styles, the bundles above, the workers) are the same.
await build({
  entryPoints: [`${root}src/cli/run.ts`],
  outfile: `${root}dist/brief.js`,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  plugins: [
    {
      name: 'compiled-address',
      setup(bundle) {
        bundle.onLoad({ filter: /\.ts$/ }, ({ path }) => {
          const twin = relative(`${root}dist`, path.replace(`${root}src/`, `${root}dist/`).replace(/\.ts$/, '.js'))
          const contents = readFileSync(path, 'utf8').replaceAll('import.meta.url', `new URL(${JSON.stringify(`./${twin}`)}, import.meta.url).href`)
          return { contents, loader: 'ts' }
        })
      },
    },
  ],
  logLevel: 'warning',
})
