import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { readSource } from '../../src/readers/index.js'
import { claimsOf } from '../helpers/seeds.js'

const KOREAN = '■ 한일 협력\n\n○ 양국은 공급망 협력을 강화하기로 합의했다\n'
const JAPANESE = '■ 日韓関係\n\n○ 両国の協力が進んでいる。経済界の交流も活発だ。\n'
const SIMPLIFIED = '■ 中韩关系\n\n○ 两国合作不断加强，经济往来日益密切。\n'
const TRADITIONAL = '■ 臺日關係\n\n○ 兩國合作不斷加強，經濟往來日益密切。\n'

function bulletText(bytes: Uint8Array): { text: string; rules: string[] } {
  const source = readSource(bytes, { file: 'encoded.txt' })
  return { text: claimsOf(source.sections)[0]?.text ?? '', rules: source.diagnostics.map((d) => d.rule) }
}

describe('decoding', () => {
  it.each([
    ['UTF-8', Buffer.from(KOREAN), '양국은 공급망 협력을 강화하기로 합의했다'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(KOREAN)]), '양국은 공급망 협력을 강화하기로 합의했다'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(KOREAN, 'utf-16le')]), '양국은 공급망 협력을 강화하기로 합의했다'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(KOREAN, 'utf-16be')]), '양국은 공급망 협력을 강화하기로 합의했다'],
    ['UTF-16LE without BOM', iconv.encode('■ Ports\n\n❍ Shipping lanes matter to Seoul\n', 'utf-16le'), 'Shipping lanes matter to Seoul'],
    ['EUC-KR', iconv.encode(KOREAN, 'euc-kr'), '양국은 공급망 협력을 강화하기로 합의했다'],
    ['CP949', iconv.encode('■ 똠방각하\n\n○ 똠방각하는 확장 완성형 글자를 쓴다\n', 'cp949'), '똠방각하는 확장 완성형 글자를 쓴다'],
    ['Shift_JIS', iconv.encode(JAPANESE, 'shift_jis'), '両国の協力が進んでいる。経済界の交流も活発だ。'],
    ['GB18030', iconv.encode(SIMPLIFIED, 'gb18030'), '两国合作不断加强，经济往来日益密切。'],
    ['Big5', iconv.encode(TRADITIONAL, 'big5'), '兩國合作不斷加強，經濟往來日益密切。'],
  ])('reads %s', (_name, bytes, expected) => {
    expect(bulletText(bytes).text).toBe(expected)
  })

  it('follows a charset declared in HTML', () => {
    const html = `<!doctype html><html><head><meta charset="euc-kr"><title>한일 관계</title></head><body><article><p>양국 정상은 회담을 열었다. 협력을 강화하기로 했다.</p></article></body></html>`
    const source = readSource(iconv.encode(html, 'euc-kr'), { file: 'page.html' })
    expect(source.meta.title).toBe('한일 관계')
    expect(claimsOf(source.sections).map((c) => c.text)).toContain('양국 정상은 회담을 열었다.')
  })

  it('reports bytes that are not valid UTF-8 and keeps the rest', () => {
    const bytes = Buffer.concat([Buffer.from('■ Ports\n\n❍ Shipping lanes matter '), Buffer.from([0xff]), Buffer.from(' to Seoul\n')])
    const { text, rules } = bulletText(bytes)
    expect(text).toBe('Shipping lanes matter \uFFFD to Seoul')
    expect(rules).toContain('invalid-encoding')
  })

  it('normalizes Windows line endings', () => {
    const source = readSource(Buffer.from('■ Ports\r\n\r\n❍ Shipping lanes\r\n'), { file: 'crlf.txt' })
    expect(source.text).not.toContain('\r')
    expect(claimsOf(source.sections)[0]?.text).toBe('Shipping lanes')
  })
})

describe('decoding with the charset a server sent', () => {
  const read = (bytes: Uint8Array, charset: string): { text: string; rules: string[] } => {
    const source = readSource(bytes, { file: 'page.txt', charset })
    return { text: claimsOf(source.sections)[0]?.text ?? '', rules: source.diagnostics.map((d) => d.rule) }
  }

  it('decodes short texts that detection alone gets wrong', () => {
    const chinese = iconv.encode('■ 港口\n\n○ 釜山港货运量增长\n', 'gb18030')
    expect(bulletText(chinese).text).not.toBe('釜山港货运量增长')
    expect(read(chinese, 'GBK')).toEqual({ text: '釜山港货运量增长', rules: ['missing-title', 'missing-date'] })
    const french = iconv.encode('■ Café\n\n○ Señor Müller said so.\n', 'windows-1252')
    expect(bulletText(french).rules).toContain('invalid-encoding')
    expect(read(french, 'iso-8859-1').text).toBe('Señor Müller said so.')
  })

  it('lets the content overrule a header that does not fit it', () => {
    // UTF-8 sent as EUC-KR: the bytes are valid UTF-8, so UTF-8 wins.
    const utf8 = read(Buffer.from(KOREAN), 'euc-kr')
    expect(utf8.text).toBe('양국은 공급망 협력을 강화하기로 합의했다')
    expect(utf8.rules).toContain('encoding-mismatch')
    // EUC-KR sent as UTF-8, and a charset no one knows: detection decides.
    const eucKr = read(iconv.encode(KOREAN, 'euc-kr'), 'utf-8')
    expect(eucKr.text).toBe('양국은 공급망 협력을 강화하기로 합의했다')
    expect(eucKr.rules).toEqual(expect.arrayContaining(['encoding-mismatch', 'encoding-guessed']))
    expect(read(iconv.encode(KOREAN, 'euc-kr'), 'x-klingon').rules).toEqual(expect.arrayContaining(['encoding-mismatch', 'encoding-guessed']))
    // Shift_JIS sent as EUC-KR is valid EUC-KR too, but the detector is sure of Shift_JIS.
    expect(read(iconv.encode(JAPANESE, 'shift_jis'), 'euc-kr').text).toBe('両国の協力が進んでいる。経済界の交流も活発だ。')
  })
})
