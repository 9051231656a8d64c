// HTML to Markdown trees for the HTML reader (with parse5: half of what unified.mjs held),
// apart, so that a brief, which never needs it, does not load it.
export { default as rehypeParse } from 'rehype-parse'
export { default as rehypeRemark } from 'rehype-remark'
