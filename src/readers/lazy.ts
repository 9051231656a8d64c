import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

// Heavy dependencies load on first use, not at start-up: `brief --version` or reading a
// plain-text source should not pay for a DOM, Readability and the unified pipeline
// (about 300 ms and 40 MB). Node 20.19+ can require() ES modules, so loading stays
// synchronous and `readSource` stays a plain function.
const require = createRequire(import.meta.url)

function once<T>(load: () => T): () => T {
  let value: T | undefined
  return () => (value ??= load())
}

interface UnifiedBundle {
  unified: typeof import('unified')
  remarkParse: typeof import('remark-parse').default
  remarkGfm: typeof import('remark-gfm').default
  remarkFrontmatter: typeof import('remark-frontmatter').default
  remarkDirective: typeof import('remark-directive').default
  remarkStringify: typeof import('remark-stringify').default
}
interface RehypeBundle {
  rehypeParse: typeof import('rehype-parse').default
  rehypeRemark: typeof import('rehype-remark').default
}
interface DomBundle {
  linkedom: typeof import('linkedom')
  Readability: typeof import('@mozilla/readability').Readability
}

/**
 * A group of libraries from its bundle in dist/vendor/ (made by scripts/bundle.mjs,
 * much faster to load), or from the packages where there is none (the TypeScript sources).
 */
function vendor<T>(name: string, fallback: () => T): () => T {
  return once(() => {
    const bundle = fileURLToPath(new URL(`../vendor/${name}.js`, import.meta.url))
    return existsSync(bundle) ? (require(bundle) as T) : fallback()
  })
}

const unifiedBundle = vendor<UnifiedBundle>('unified', () => ({
  unified: require('unified') as typeof import('unified'),
  remarkParse: (require('remark-parse') as typeof import('remark-parse')).default,
  remarkGfm: (require('remark-gfm') as typeof import('remark-gfm')).default,
  remarkFrontmatter: (require('remark-frontmatter') as typeof import('remark-frontmatter')).default,
  remarkDirective: (require('remark-directive') as typeof import('remark-directive')).default,
  remarkStringify: (require('remark-stringify') as typeof import('remark-stringify')).default,
}))
const rehypeBundle = vendor<RehypeBundle>('rehype', () => ({
  rehypeParse: (require('rehype-parse') as typeof import('rehype-parse')).default,
  rehypeRemark: (require('rehype-remark') as typeof import('rehype-remark')).default,
}))
const domBundle = vendor<DomBundle>('dom', () => ({
  linkedom: require('linkedom') as typeof import('linkedom'),
  Readability: (require('@mozilla/readability') as typeof import('@mozilla/readability')).Readability,
}))
const yamlBundle = vendor<{ yaml: typeof import('yaml') }>('yaml', () => ({ yaml: require('yaml') as typeof import('yaml') }))

export const loadUnified = (): typeof import('unified') => unifiedBundle().unified
export const loadRemarkParse = (): UnifiedBundle['remarkParse'] => unifiedBundle().remarkParse
export const loadRemarkGfm = (): UnifiedBundle['remarkGfm'] => unifiedBundle().remarkGfm
export const loadRemarkFrontmatter = (): UnifiedBundle['remarkFrontmatter'] => unifiedBundle().remarkFrontmatter
export const loadRemarkDirective = (): UnifiedBundle['remarkDirective'] => unifiedBundle().remarkDirective
export const loadRemarkStringify = (): UnifiedBundle['remarkStringify'] => unifiedBundle().remarkStringify
export const loadRehypeParse = (): RehypeBundle['rehypeParse'] => rehypeBundle().rehypeParse
export const loadRehypeRemark = (): RehypeBundle['rehypeRemark'] => rehypeBundle().rehypeRemark
export const loadReadability = (): DomBundle['Readability'] => domBundle().Readability
export const loadLinkedom = (): typeof import('linkedom') => domBundle().linkedom
export const loadYaml = (): typeof import('yaml') => yamlBundle().yaml
export const loadChardet = once(() => require('chardet') as typeof import('chardet'))
export const loadIconv = once(() => require('iconv-lite') as typeof import('iconv-lite'))
