// The unified ecosystem's Markdown side as one module: hundreds of small files cost more to
// resolve than to run. Its HTML side (rehype, parse5) is in rehype.mjs: a brief never needs it.
export * as unified from 'unified'
export { default as remarkParse } from 'remark-parse'
export { default as remarkGfm } from 'remark-gfm'
export { default as remarkFrontmatter } from 'remark-frontmatter'
export { default as remarkDirective } from 'remark-directive'
export { default as remarkStringify } from 'remark-stringify'
