import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkFrontmatter from 'remark-frontmatter'
const p = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml'])
const n = Number(process.argv[2] ?? 5000)
const cases: Record<string, string> = {
  nestedStrongEmph: '*a **a '.repeat(n) + 'b' + ' a** a*'.repeat(n),
  emphClosers: 'a_ '.repeat(n),
  emphOpeners: '_a '.repeat(n),
  linkClosers: 'a]'.repeat(n),
  linkOpeners: '[a'.repeat(n),
  mismatched: '*a_ '.repeat(n),
  mult3: 'a**b' + 'c* '.repeat(n),
  linkEmph: '[ a_'.repeat(n),
  parenPattern: '[ (]('.repeat(n),
  nestedBrackets: '['.repeat(n) + 'a' + ']'.repeat(n),
  nestedQuotes: '> '.repeat(n) + 'a',
  backticks: Array.from({ length: Math.min(n, 3000) }, (_, i) => 'e' + '`'.repeat(i)).join(''),
  unclosedA: '[a](<b'.repeat(n),
  unclosedB: '[a](b'.repeat(n),
  refDefs: '[a]: u\n'.repeat(n) + '[a]\n'.repeat(n),
  comments: '</' + '<!--'.repeat(n),
  bangA: '<!A '.repeat(n),
  starRun: '*'.repeat(n) + 'x' + '*'.repeat(n),
  autolinks: 'www.a.com '.repeat(n),
  gfmAutolinkMix: 'a@b.c_ '.repeat(n),
  tildes: '~'.repeat(n) + 'x' + '~'.repeat(n),
  tableRows: '| a | b |\n| - | - |\n' + '| c | d |\n'.repeat(n),
  tableWide: '|' + ' a |'.repeat(n) + '\n|' + ' - |'.repeat(n) + '\n',
  footnotes: '[^a]'.repeat(n),
  entityLike: '&a'.repeat(n),
  underscoreWords: 'a_b_c '.repeat(n),
  emphLinks: '*[a](b)'.repeat(n),
}
for (const [name, text] of Object.entries(cases)) {
  const t = Date.now()
  try { p.parse(text); console.log(name, Date.now() - t) } catch (e) { console.log(name, 'THREW', (e as Error).constructor.name, Date.now() - t) }
}
