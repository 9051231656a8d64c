import { createRequire } from 'node:module'

// Heavy dependencies load on first use, not at start-up: `brief --version` or reading a
// plain-text source should not pay for a DOM, Readability and the unified pipeline
// (about 300 ms and 40 MB). Node 20.19+ can require() ES modules, so loading stays
// synchronous and `readSource` stays a plain function.
const require = createRequire(import.meta.url)

function once<T>(load: () => T): () => T {
  let value: T | undefined
  return () => (value ??= load())
}

export const loadUnified = once(() => require('unified') as typeof import('unified'))
export const loadRemarkParse = once(() => (require('remark-parse') as typeof import('remark-parse')).default)
export const loadRemarkGfm = once(() => (require('remark-gfm') as typeof import('remark-gfm')).default)
export const loadRemarkFrontmatter = once(() => (require('remark-frontmatter') as typeof import('remark-frontmatter')).default)
export const loadRemarkDirective = once(() => (require('remark-directive') as typeof import('remark-directive')).default)
export const loadRemarkStringify = once(() => (require('remark-stringify') as typeof import('remark-stringify')).default)
export const loadRehypeParse = once(() => (require('rehype-parse') as typeof import('rehype-parse')).default)
export const loadRehypeRemark = once(() => (require('rehype-remark') as typeof import('rehype-remark')).default)
export const loadReadability = once(() => (require('@mozilla/readability') as typeof import('@mozilla/readability')).Readability)
export const loadLinkedom = once(() => require('linkedom') as typeof import('linkedom'))
export const loadYaml = once(() => require('yaml') as typeof import('yaml'))
export const loadChardet = once(() => require('chardet') as typeof import('chardet'))
export const loadIconv = once(() => require('iconv-lite') as typeof import('iconv-lite'))
