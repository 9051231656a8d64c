import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_DEPTH, scanJson, tolerantScan } from '../../src/readers/json-scan.js'

function kinds(text: string): string[] {
  return tolerantScan(text).problems.map((p) => p.kind)
}

describe('scanJson', () => {
  it('returns well-formed JSON exactly as JSON.parse does, with no problems', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\\u2019\\n"}}'
    const result = scanJson(text)
    expect(result.value).toEqual(JSON.parse(text))
    expect(result.problems).toEqual([])
    expect(result.truncated).toBe(false)
  })

  it('keeps raw line breaks inside strings and reports them once, at their offset', () => {
    const text = '{"a":"one\ntwo\nthree","b":1}'
    const result = scanJson(text)
    expect(result.value).toEqual({ a: 'one\ntwo\nthree', b: 1 })
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ kind: 'malformed', offset: 9 })
  })

  it('recovers everything before a cut in the middle of a string, object or array', () => {
    const result = scanJson('{"title":{"rendered":"Hi"},"list":[1,2,{"x":"partial te')
    expect(result.truncated).toBe(true)
    expect(result.value).toEqual({ title: { rendered: 'Hi' }, list: [1, 2, { x: 'partial te' }] })
    expect(result.problems.at(-1)).toMatchObject({ kind: 'truncated', offset: 55 })

    expect(scanJson('{"a":[1,2').value).toEqual({ a: [1, 2] })
    expect(scanJson('{"a":{"b":').value).toEqual({ a: {} })
    expect(scanJson('[1, 2, tr').truncated).toBe(true)
  })

  it('treats an escape cut off at the end as truncation, not as text', () => {
    const result = scanJson('{"a":"x\\u20')
    expect(result.value).toEqual({ a: 'x' })
    expect(result.truncated).toBe(true)
  })

  it('repairs missing commas, trailing commas and single quotes', () => {
    expect(scanJson('{"a":1 "b":2}').value).toEqual({ a: 1, b: 2 })
    expect(scanJson('["a" "b"\n"c"]').value).toEqual(['a', 'b', 'c'])
    expect(scanJson('[1,2,]').value).toEqual([1, 2])
    expect(scanJson('{"a":1,}').value).toEqual({ a: 1 })
    expect(scanJson("{'a':'b'}").value).toEqual({ a: 'b' })
    expect(kinds('{"a":1 "b":2}')).toEqual(['malformed'])
  })

  it('keeps an unescaped quote inside a string as text', () => {
    expect(scanJson('{"a":"he said "hi" to me"}').value).toEqual({ a: 'he said "hi" to me' })
  })

  it('ignores garbage before and after the value', () => {
    const after = scanJson('{"a":1} <!-- cached -->')
    expect(after.value).toEqual({ a: 1 })
    expect(after.problems[0]).toMatchObject({ kind: 'malformed', offset: 8 })
    expect(scanJson(")]}'\n[1]").value).toEqual([1])
  })

  it('reports an empty or valueless text as truncated, without a value', () => {
    expect(scanJson('')).toMatchObject({ value: undefined, truncated: true })
    expect(scanJson('   \n')).toMatchObject({ value: undefined, truncated: true })
  })

  it('keeps `__proto__` a plain key and never touches prototypes', () => {
    const result = tolerantScan('{"__proto__":{"polluted":1},"a":1')
    const value = result.value as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('reads unquoted words as strings, not as inherited properties', () => {
    expect(scanJson('{"a": constructor, "b": toString}').value).toEqual({ a: 'constructor', b: 'toString' })
  })

  it('survives 100k nested `[` quickly, skipping what is too deep', () => {
    const start = Date.now()
    const result = scanJson('['.repeat(100_000))
    expect(Date.now() - start).toBeLessThan(2000)
    expect(result.truncated).toBe(true)
    expect(result.problems.map((p) => p.kind)).toContain('too-deep')
    let depth = 0
    let v: unknown = result.value
    while (Array.isArray(v)) {
      depth++
      v = v[0]
    }
    expect(depth).toBe(MAX_DEPTH)
  })

  it('survives 100k nested objects and balanced deep arrays', () => {
    expect(() => scanJson('{"a":'.repeat(100_000))).not.toThrow()
    expect(() => tolerantScan('['.repeat(100_000) + ']'.repeat(100_000))).not.toThrow()
    expect(tolerantScan('['.repeat(100_000) + ']'.repeat(100_000)).truncated).toBe(false)
  })

  it('stays linear on long strings full of raw line breaks', () => {
    const text = '{"a":"' + 'line\n'.repeat(400_000) + '"}'
    const start = Date.now()
    const result = scanJson(text)
    expect(Date.now() - start).toBeLessThan(2000)
    expect((result.value as { a: string }).a.length).toBe(2_000_000)
  })

  it('reads any JSON value the tolerant way exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        const result = tolerantScan(text)
        expect(result.problems).toEqual([])
        expect(result.value).toEqual(JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('never throws on any prefix of a JSON text or on arbitrary text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, cut) => {
        const text = JSON.stringify(value)
        expect(() => scanJson(text.slice(0, cut % (text.length + 1)))).not.toThrow()
      }),
      { numRuns: 300 },
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(() => scanJson(text)).not.toThrow()
      }),
      { numRuns: 300 },
    )
  })
})
