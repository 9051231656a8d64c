import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { AlignmentType, Document, FootnoteReferenceRun, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx'
import { beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../../src/library/library.js'
import { runBrief } from '../helpers/cli.js'
import type { Source } from '../../src/model/source.js'
import { readSource } from '../../src/readers/index.js'
import { claims, expectProvenance, rules, sectionList } from '../helpers/source.js'

/*
 * The DOCX reader: a Word document made with the `docx` package reads into the outline of the
 * same brief written in Markdown; its footnote goes with the claim that cites it; its core
 * properties give the metadata. Zip bombs, archives that are not Word documents and damaged
 * files give diagnostics, never an exception, and are never unpacked whole.
 */

const MARKDOWN = `# Dredging the Busan approaches

## Why the channel matters

Ships of the newest class need sixteen metres of water. The approach channel has fourteen.

- The port lost two Asia–Europe services in 2023.
- Pilots now schedule the largest ships at high tide only.

## What the plan does

1. Deepen the channel in two phases.
2. Move the spoil to a reclaimed site off Gadeok.

### Costs

The first phase costs 410 billion won. The ministry pays two thirds of it.
`

function paragraphs(text: string, footnote?: { after: string; id: number }): Paragraph {
  if (!footnote) return new Paragraph(text)
  const at = text.indexOf(footnote.after) + footnote.after.length
  return new Paragraph({ children: [new TextRun(text.slice(0, at)), new FootnoteReferenceRun(footnote.id), new TextRun(text.slice(at))] })
}

async function makeDocx(options: { core?: boolean } = {}): Promise<Buffer> {
  const doc = new Document({
    ...(options.core === false ? {} : { title: 'Dredging the Busan approaches', creator: 'Hana Lee; Daniel Okafor', description: 'A test brief' }),
    numbering: {
      config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    footnotes: { 1: { children: [new Paragraph('Ministry of Oceans and Fisheries, channel survey, 2024.')] } },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Dredging the Busan approaches', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Why the channel matters', heading: HeadingLevel.HEADING_1 }),
          paragraphs('Ships of the newest class need sixteen metres of water. The approach channel has fourteen.', { after: 'has fourteen.', id: 1 }),
          new Paragraph({ text: 'The port lost two Asia–Europe services in 2023.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Pilots now schedule the largest ships at high tide only.', bullet: { level: 0 } }),
          new Paragraph({ text: 'What the plan does', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Deepen the channel in two phases.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Move the spoil to a reclaimed site off Gadeok.', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'Costs', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('The first phase costs 410 billion won. The ministry pays two thirds of it.'),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}

function read(bytes: Uint8Array, file = 'brief.docx'): Source {
  const source = readSource(bytes, { file })
  expectProvenance(source)
  return source
}

// ---------------------------------------------------------------------------
// Zip archives made by hand, for the hostile cases

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

interface ZipPart {
  name: string
  data: Buffer
  /** Stored as given (already deflated) with this uncompressed size, instead of deflated here. */
  declaredSize?: number
  crc?: number
}

/** A zip archive of deflated entries; an entry may declare any size it likes. */
function makeZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const name = Buffer.from(part.name)
    const packed = part.declaredSize === undefined ? deflateRawSync(part.data) : part.data
    const size = part.declaredSize ?? part.data.length
    const crc = part.crc ?? (part.declaredSize === undefined ? crc32(part.data) : 0)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(Math.min(size, 0xffffffff), 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(Math.min(size, 0xffffffff), 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, packed)
    centrals.push(central, name)
    offset += 30 + name.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const CONTENT_TYPES = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
const DOCUMENT = Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')

describe('a Word document', () => {
  let docx: Source
  let markdown: Source

  beforeAll(async () => {
    docx = read(await makeDocx())
    markdown = readSource(Buffer.from(MARKDOWN), { file: 'brief.md' })
  })

  it('reads into the sections and claims of the same brief in Markdown', () => {
    expect(docx.format).toBe('docx')
    const headings = (s: Source): Array<string | null> => sectionList(s).map(([heading]) => heading)
    expect(headings(docx)).toEqual(['Why the channel matters', 'What the plan does', 'Costs'])
    expect(headings(docx)).toEqual(headings(markdown))
    // Word's heading levels, one above Markdown's `##`: the nesting is the same.
    expect(sectionList(docx).map(([, , level]) => level)).toEqual([1, 1, 2])
    expect(claims(docx).map((c) => [c.kind, c.text])).toEqual(claims(markdown).map((c) => [c.kind, c.text]))
    expect(claims(docx).map((c) => c.id.split('.')[1])).toEqual(claims(markdown).map((c) => c.id.split('.')[1]))
  })

  it('keeps the footnote with the claim that cites it, and its mark out of the text', () => {
    const cited = claims(docx).find((c) => c.text === 'The approach channel has fourteen.')!
    expect(cited.notes).toEqual(['Ministry of Oceans and Fisheries, channel survey, 2024.'])
    expect(claims(docx).filter((c) => c.notes).length).toBe(1)
    expect(docx.text).not.toContain('[1]')
    expect(docx.text).not.toContain('Ministry of Oceans')
    expect(claims(markdown).every((c) => !('notes' in c) && !('page' in c))).toBe(true)
  })

  it('takes title, authors and date from the core properties', () => {
    expect(docx.meta.title).toBe('Dredging the Busan approaches')
    expect(docx.meta.authors.map((a) => a.name)).toEqual(['Hana Lee', 'Daniel Okafor'])
    // The docx package stamps dcterms:created with the time it ran.
    expect(docx.meta.date).toBe(new Date().toISOString().slice(0, 10))
    expect(rules(docx)).toEqual([])
  })

  it('without core properties, takes the title from the Title style', async () => {
    const bare = read(await makeDocx({ core: false }))
    expect(bare.meta.title).toBe('Dredging the Busan approaches')
    expect(sectionList(bare).map(([heading]) => heading)).toEqual(['Why the channel matters', 'What the plan does', 'Costs'])
  })

  it('is indexed by the library from sources/', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'briefkit-docx-ws-'))
    try {
      mkdirSync(join(ws, 'sources'))
      writeFileSync(join(ws, 'sources', 'dredging.docx'), await makeDocx())
      const library = Library.open(ws)
      try {
        const id = `lee${new Date().getFullYear()}dredging`
        expect(library.sync().added).toEqual([id])
        expect(library.sources()[0]).toMatchObject({ format: 'docx', title: 'Dredging the Busan approaches' })
        // The footnote is kept with its claim in the library too; other claims have none.
        const stored = library.claimsOf(id)
        expect(stored.find((c) => c.text === 'The approach channel has fourteen.')?.notes).toEqual(['Ministry of Oceans and Fisheries, channel survey, 2024.'])
        expect(stored.filter((c) => c.notes !== null)).toHaveLength(1)
        const cited = stored.find((c) => c.notes !== null)!
        const show = await runBrief(['show', cited.id, '--workspace', ws])
        expect(show.stdout).toContain('\n  notes    1. Ministry of Oceans and Fisheries, channel survey, 2024.\n')
      } finally {
        library.close()
      }
    } finally {
      rmSync(ws, { recursive: true, force: true })
    }
  })
})

describe('broken and hostile DOCX files', () => {
  it('a zip whose central directory declares a 10 GB entry', () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'word/document.xml', data: deflateRawSync(DOCUMENT), declaredSize: 0xffffffff },
      { name: 'word/huge.bin', data: deflateRawSync(Buffer.alloc(1024)), declaredSize: 0xfffffff0 },
    ])
    const s = read(bomb, 'bomb.docx')
    expect(rules(s)).toEqual(['zip-bomb'])
    expect(s.diagnostics[0]).toMatchObject({ severity: 'error', line: 1, column: 1 })
    expect(s.diagnostics[0]!.message).toMatch(/^`bomb\.docx` was not opened: its entry `word\/document\.xml` would unpack from \d+ bytes to 4\.0 GB/)
  })

  it('a real bomb: 300 MB of zeros deflated to a few hundred KB', () => {
    const zeros = Buffer.alloc(300 * 1024 * 1024)
    const packed = deflateRawSync(zeros, { level: 9 })
    const s = read(makeZip([{ name: 'word/document.xml', data: packed, declaredSize: zeros.length }]), 'zeros.docx')
    expect(rules(s)).toEqual(['zip-bomb'])
    expect(s.diagnostics[0]!.message).toMatch(/300\.0 MB \(a \d+× ratio; at most 100× is read\)/)
  })

  it('an entry that unpacks to far more than it declares', () => {
    const packed = deflateRawSync(Buffer.alloc(50 * 1024 * 1024))
    const s = read(makeZip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'word/document.xml', data: packed, declaredSize: 2000 }]), 'liar.docx')
    expect(rules(s)).toEqual(['zip-bomb'])
    expect(s.diagnostics[0]!.message).toContain('unpacks to more than the 2000 bytes it declares')
  })

  it('too many entries', () => {
    const parts = Array.from({ length: 6000 }, (_, k) => ({ name: `word/part${k}.xml`, data: Buffer.from('<a/>') }))
    const s = read(makeZip(parts), 'many.docx')
    expect(rules(s)).toEqual(['zip-bomb'])
    expect(s.diagnostics[0]!.message).toContain('it declares 6000 entries')
  })

  it('a zip without word/document.xml', () => {
    const s = read(makeZip([{ name: 'notes.txt', data: Buffer.from('hello') }]), 'notes.docx')
    expect(rules(s)).toEqual(['docx-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/is a zip archive without `word\/document\.xml`, so not a Word document/)
  })

  it('a truncated docx', async () => {
    const whole = await makeDocx()
    const s = read(whole.subarray(0, Math.floor(whole.length * 0.6)), 'cut.docx')
    expect(rules(s)).toEqual(['docx-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/is a damaged zip archive: it has no end-of-archive record/)
  })

  it('random bytes named .docx', () => {
    const bytes = Buffer.alloc(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256
    const s = read(bytes, 'random.docx')
    expect(rules(s)).toEqual(['docx-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/is not a zip archive, so not a \.docx/)
  })

  it('a password-protected Word file (an OLE compound file)', () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048)])
    const s = read(ole, 'locked.docx')
    expect(rules(s)).toEqual(['docx-unreadable'])
    expect(s.diagnostics[0]!.message).toMatch(/password-protected Word document or an old \.doc/)
  })

  it('a damaged document.xml', () => {
    const s = read(makeZip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'word/document.xml', data: Buffer.from('<w:document><w:body><w:p>') }]), 'broken.docx')
    expect(rules(s)).toContain('docx-unreadable')
  })
})
