import type { Nodes, Root } from 'mdast'
import { parseBrief } from '../../src/brief/index.js'
import type { Brief, CiteNode, ClaimRefNode } from '../../src/model/brief.js'

export function brief(text: string): Brief {
  return parseBrief(text, 'briefs/test.md')
}

/** Every node of a type, in document order. */
export function nodesOf<T extends Nodes['type']>(tree: Root, type: T): Array<Extract<Nodes, { type: T }>> {
  const out: Array<Extract<Nodes, { type: T }>> = []
  const walk = (node: Nodes): void => {
    if (node.type === type) out.push(node as Extract<Nodes, { type: T }>)
    if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return out
}

export const citesOf = (text: string): CiteNode[] => nodesOf(brief(text).tree, 'cite')
export const claimRefsOf = (text: string): ClaimRefNode[] => nodesOf(brief(text).tree, 'claimRef')

/** The text of the tree with cite and claim nodes as they were written: what prose survives. */
export function textOf(tree: Root): string {
  const out: string[] = []
  const walk = (node: Nodes): void => {
    if (node.type === 'text' || node.type === 'inlineCode') out.push(node.value)
    else if (node.type === 'cite') out.push(node.raw)
    else if (node.type === 'claimRef') out.push(`<claim ${node.id}>`)
    if ('children' in node) for (const child of node.children) walk(child as Nodes)
  }
  walk(tree)
  return out.join('|')
}

/** `line:column severity rule` of each diagnostic. */
export function problems(b: Brief): string[] {
  return b.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)
}

export const item = (key: string, more: Partial<CiteNode['items'][number]> = {}): CiteNode['items'][number] => ({
  key,
  prefix: '',
  suffix: '',
  locator: null,
  suppressAuthor: false,
  ...more,
})
