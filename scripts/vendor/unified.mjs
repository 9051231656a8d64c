// The unified ecosystem as one module: hundreds of small files cost more to resolve than to run.
export * as unified from 'unified'
export { default as remarkParse } from 'remark-parse'
export { default as remarkGfm } from 'remark-gfm'
export { default as remarkFrontmatter } from 'remark-frontmatter'
export { default as remarkDirective } from 'remark-directive'
export { default as remarkStringify } from 'remark-stringify'
export { default as rehypeParse } from 'rehype-parse'
export { default as rehypeRemark } from 'rehype-remark'
