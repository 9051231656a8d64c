import { familyName } from '../outline/names.js'
import type { CslName } from './csl.js'

const CJK = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u30fb・]+$/u

// Words only organizations use in English names. Surnames that are also nouns (Post, Banks,
// Times) are left out on purpose: "Emily Post" is a person.
const ORG_WORD =
  /(?:^|\s)(?:Institute|Institution|Center|Centre|Foundation|University|Council|Agency|Ministry|Forum|Association|Society|Academy|Department|Committee|Commission|Organi[sz]ation|Corporation|Bureau|Secretariat|Government|Administration|Embassy|Staff|Editors|Editorial|Newsroom|Office|Inc\.?|Ltd\.?|LLC|Co\.)(?:$|[\s,])/u
const ORG_LINK = /\s(?:of|for|and|on|&)\s/u
const CJK_ORG =
  /(?:연구원|연구소|연구센터|재단|대학교|위원회|협회|학회|센터|신문|신문사|일보|방송|통신|뉴스|정부|편집부|편집국|본부|研究所|研究院|研究中心|研究センター|財団|基金会|大学|大學|協会|協會|协会|学会|學會|委員会|委員會|委员会|新聞|新闻|日報|日报|通信社|编辑部|編集部|省|庁|機構|社)$/u
const SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV|V|Esq\.?)$/u

function isOrganization(name: string): boolean {
  if (CJK.test(name.replace(/\s/g, ''))) return CJK_ORG.test(name) && [...name].length >= 3
  return ORG_WORD.test(name) || ORG_LINK.test(name)
}

function isAllCaps(token: string): boolean {
  return /^\p{Lu}[\p{Lu}'’-]+$/u.test(token)
}

/** `JIN` → `Jin`, `NAM-GUNG` → `Nam-Gung`: capitals that only mark the family name. */
function recase(token: string): string {
  return token.toLowerCase().replace(/(^|[-'’])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())
}

function personalName(name: string): CslName {
  let words = name.split(' ')
  let suffix: string | undefined
  const last = words[words.length - 1]
  if (words.length > 2 && last && SUFFIX.test(last)) {
    suffix = last
    words = words.slice(0, -1)
  }
  const rest = words.join(' ')
  const family = familyName(rest)
  const out: CslName = {}
  if (words.length < 2 || !family) {
    out.family = rest
  } else if (rest.startsWith(family + ' ')) {
    // Written family name first ("Jin Chang-soo", "JIN Chang Soo"): print it that way.
    const marked = isAllCaps(family) && !words.every(isAllCaps)
    out.family = marked ? recase(family) : family
    out.given = rest.slice(family.length + 1)
    out['static-ordering'] = true
  } else if (rest.endsWith(' ' + family)) {
    const marked = isAllCaps(family) && !words.every(isAllCaps)
    out.family = marked ? recase(family) : family
    out.given = rest.slice(0, -family.length - 1)
  } else {
    out.family = rest
  }
  if (suffix) out.suffix = suffix
  return out
}

/**
 * A personal or organizational name as written in a source, as a CSL name.
 *
 * Names in Hangul, Han or kana are not split: a two-syllable Korean surname (남궁) or a
 * Japanese one (佐藤) cannot be told from the given name by position, and citeproc-js prints
 * native-script names family-first without a space anyway. Written with a space
 * (`佐藤 健`), the first word is the family name and short notes use it alone.
 */
export function cslName(raw: string): CslName | null {
  const name = raw.normalize('NFC').replace(/\s+/gu, ' ').trim()
  if (!name) return null
  if (isOrganization(name)) return { literal: name }
  if (CJK.test(name.replace(/ /g, ''))) {
    const space = name.indexOf(' ')
    return space === -1 ? { family: name } : { family: name.slice(0, space), given: name.slice(space + 1).replace(/ /g, '') }
  }
  const comma = name.indexOf(',')
  if (comma !== -1) {
    const family = name.slice(0, comma).trim()
    const after = name.slice(comma + 1).trim()
    if (after && SUFFIX.test(after)) return { ...personalName(family), suffix: after, 'comma-suffix': true }
    const second = after.indexOf(',')
    const given = second === -1 ? after : after.slice(0, second).trim()
    const suffix = second === -1 ? '' : after.slice(second + 1).trim()
    const out: CslName = given ? { family, given } : { family }
    if (suffix) out.suffix = suffix
    return family ? out : null
  }
  return personalName(name)
}
