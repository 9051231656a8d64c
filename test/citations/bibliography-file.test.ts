import { randomBytes } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { loadBibliography } from '../../src/citations/bibliography-file.js'
import { createRenderer } from '../../src/citations/engine.js'

const BIBTEX = String.raw`% Invented references for the tests; write to jane@example.org with corrections.
@string{inst = "Institute for Peninsula Studies"}

@techreport{park2022,
  author      = {Park, Ji-won and {Institute for Peninsula Studies}},
  title       = {Reading the {Yellow Sea} Incidents},
  institution = inst,
  type        = {Working Paper},
  number      = {22-4},
  year        = 2022,
  month       = oct,
  url         = {https://example.org/wp/22-4_final?lang=en},
}

@article{muller2019,
  author  = {M{\"u}ller, J{\'e}r{\^o}me and Garc\'{i}a, Luc{\'\i}a and others},
  title   = {Caf\'{e} diplomacy},
  journal = {Journal of Imaginary Affairs},
  volume  = 12,
  pages   = {33--48},
  date    = {2019-04},
}

@online{ministry2024,
  author       = {{Ministry of Examples}},
  title        = {Guidelines on drills},
  date         = {2024-02-29},
  url          = {https://example.gov/guidelines},
  urldate      = {2024-03-01},
}

@book{lee2018,
  author    = {Lee, Soo-jin},
  title     = {Alliances in Practice},
  publisher = {Example Press},
  address   = {Seoul},
  year      = {2018},
}

@misc{notes2020,
  title        = {Field notes},
  howpublished = {\url{https://example.net/notes}},
  year         = {2020},
}

@report{kinu2023,
  author      = {Choi, Eun-ha},
  title       = {Sanctions After 2023},
  institution = {Example Unification Institute},
  year        = {2023},
  langid      = {english},
}
`

describe('BibTeX', () => {
  const { items, diagnostics } = loadBibliography('refs.bib', BIBTEX)
  const byId = new Map(items.map((item) => [item.id, item]))

  test('every entry type is read into CSL', () => {
    expect(diagnostics).toEqual([])
    expect(items.map((item) => [item.id, item.type])).toEqual([
      ['park2022', 'report'],
      ['muller2019', 'article-journal'],
      ['ministry2024', 'webpage'],
      ['lee2018', 'book'],
      ['notes2020', 'document'],
      ['kinu2023', 'report'],
    ])
  })

  test('reports: institution as publisher, macros expanded, type and number kept', () => {
    expect(byId.get('park2022')).toMatchObject({
      author: [{ family: 'Park', given: 'Ji-won' }, { literal: 'Institute for Peninsula Studies' }],
      title: 'Reading the Yellow Sea Incidents',
      publisher: 'Institute for Peninsula Studies',
      genre: 'Working Paper',
      number: '22-4',
      issued: { 'date-parts': [[2022, 10]] },
      URL: 'https://example.org/wp/22-4_final?lang=en',
    })
    expect(byId.get('kinu2023')).toMatchObject({ publisher: 'Example Unification Institute', language: 'en' })
  })

  test('LaTeX accents become letters (composed); "and others" is not a person', () => {
    expect(byId.get('muller2019')).toMatchObject({
      author: [
        { family: 'Müller', given: 'Jérôme' },
        { family: 'García', given: 'Lucía' },
      ],
      title: 'Café diplomacy',
      'container-title': 'Journal of Imaginary Affairs',
      issued: { 'date-parts': [[2019, 4]] },
    })
  })

  test('an organization in braces is one literal name; dates and urls', () => {
    expect(byId.get('ministry2024')).toMatchObject({
      author: [{ literal: 'Ministry of Examples' }],
      issued: { 'date-parts': [[2024, 2, 29]] },
      accessed: { 'date-parts': [[2024, 3, 1]] },
      URL: 'https://example.gov/guidelines',
    })
    expect(byId.get('notes2020')).toMatchObject({ URL: 'https://example.net/notes', issued: { 'date-parts': [[2020]] } })
    expect(byId.get('lee2018')).toMatchObject({ publisher: 'Example Press', 'publisher-place': 'Seoul' })
  })

  test('the loaded entries cite like any source', () => {
    const { renderer } = createRenderer({ style: 'apa', lang: 'en-US', items })
    expect(renderer?.cite([{ id: 'muller2019' }, { id: 'ministry2024' }], 0)).toBe('(Ministry of Examples, 2024; Müller & García, 2019)')
    expect(renderer?.bibliography()).toEqual([
      'Ministry of Examples. (2024, February 29). *Guidelines on drills*. <https://example.gov/guidelines>',
      'Müller, J., & García, L. (2019). Café diplomacy. *Journal of Imaginary Affairs*, *12*, 33–48.',
    ])
  })

  test('a broken entry is reported where it is; the others still load', () => {
    const text = [
      '@misc{good1, title = {First}}',
      '@article{open, title = {Never closed, journal = {J}',
      '@misc{nocomma title = {x}}',
      '@misc{good2, title = {Second}}',
      '@misc{good1, title = {Duplicate}}',
      '@misc{, title = {No key}}',
    ].join('\n')
    const loaded = loadBibliography('refs.bib', text)
    expect(loaded.items.map((item) => [item.id, item.title])).toEqual([
      ['good1', 'First'],
      ['good2', 'Second'],
    ])
    expect(loaded.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['bibliography-entry', 2, 1],
      ['bibliography-entry', 3, 15],
      ['bibliography-entry', 5, 1],
      ['bibliography-entry', 6, 1],
    ])
    expect(loaded.diagnostics[0]?.message).toContain('not closed')
    expect(loaded.diagnostics[1]?.message).toContain('`nocomma`')
    expect(loaded.diagnostics[2]?.message).toContain('`good1`')
    expect(loaded.diagnostics[3]?.message).toContain('no key')
  })
})

describe('CSL-JSON', () => {
  test('items with names, organizations and dates in any of CSL’s forms', () => {
    const text = JSON.stringify(
      [
        { id: 'a', type: 'report', title: 'Über den Frieden', author: [{ family: 'Schröder', given: 'Anna' }, { literal: 'Peace Council' }], issued: { 'date-parts': [['2021', '6']] } },
        { id: 7, type: 'webpage', title: 'Page', author: 'Jin Chang-soo', issued: '2022-03-04', URL: 'https://example.org/p' },
      ],
      null,
      2,
    )
    const { items, diagnostics } = loadBibliography('refs.json', text)
    expect(diagnostics).toEqual([])
    expect(items).toEqual([
      { id: 'a', type: 'report', title: 'Über den Frieden', author: [{ family: 'Schröder', given: 'Anna' }, { literal: 'Peace Council' }], issued: { 'date-parts': [[2021, 6]] } },
      { id: '7', type: 'webpage', title: 'Page', author: [{ family: 'Jin', given: 'Chang-soo', 'static-ordering': true }], issued: { 'date-parts': [[2022, 3, 4]] }, URL: 'https://example.org/p' },
    ])
  })

  test('entries without an id, of no known type or repeated are reported at their line', () => {
    const text = '[\n  {"id": "a", "title": "A"},\n  {"title": "no id"},\n  "text",\n  {"id": "b", "type": "poem"},\n  {"id": "a", "title": "again"}\n]'
    const { items, diagnostics } = loadBibliography('refs.json', text)
    expect(items.map((item) => [item.id, item.type])).toEqual([
      ['a', 'document'],
      ['b', 'document'],
    ])
    expect(diagnostics.map((d) => [d.rule, d.line, d.column, d.message])).toEqual([
      ['bibliography-entry', 3, 3, 'item 2 has no `id`'],
      ['bibliography-entry', 4, 3, 'item 3 is not an object with CSL fields'],
      ['bibliography-entry', 5, 3, '`b` has the unknown type `poem`; it is read as `document`'],
      ['bibliography-entry', 6, 3, 'a second entry with the id `a` is left out; the first one is used'],
    ])
  })

  test('broken JSON, or JSON that is not a list, is a file problem', () => {
    const broken = loadBibliography('refs.json', '[\n  {"id": "a",\n  }\n]')
    expect(broken.items).toEqual([])
    expect(broken.diagnostics).toHaveLength(1)
    expect(broken.diagnostics[0]).toMatchObject({ rule: 'bibliography-file', line: 3, column: 3 })
    expect(loadBibliography('refs.json', '{"id": "a"}').diagnostics[0]?.message).toContain('array')
  })
})

describe('CSL-YAML', () => {
  test('pandoc’s references list, with its old date form', () => {
    const text = [
      '---',
      'references:',
      '- id: han2020',
      '  type: article-newspaper',
      '  author:',
      '  - family: Han',
      '    given: Seo-yeon',
      '  - literal: 한빛일보 편집부',
      '  title: "Port calls resume"',
      '  container-title: The Coastal Herald',
      '  issued: 2020-08-15',
      '- id: 2019',
      '  title: Numeric id',
      '  issued:',
      '  - year: 2019',
      '    month: 12',
      '...',
    ].join('\n')
    const { items, diagnostics } = loadBibliography('refs.yaml', text)
    expect(diagnostics).toEqual([])
    expect(items).toEqual([
      {
        id: 'han2020',
        type: 'article-newspaper',
        author: [{ family: 'Han', given: 'Seo-yeon' }, { literal: '한빛일보 편집부' }],
        title: 'Port calls resume',
        'container-title': 'The Coastal Herald',
        issued: { 'date-parts': [[2020, 8, 15]] },
      },
      { id: '2019', type: 'document', title: 'Numeric id', issued: { 'date-parts': [[2019, 12]] } },
    ])
  })

  test('a bare list; an entry without an id is reported at its line', () => {
    const { items, diagnostics } = loadBibliography('refs.yml', '- id: a\n  title: A\n- title: B\n')
    expect(items.map((item) => item.id)).toEqual(['a'])
    expect(diagnostics).toEqual([{ rule: 'bibliography-entry', message: 'item 2 has no `id`', line: 3, column: 3 }])
  })

  test('broken YAML is a file problem with its position', () => {
    const { items, diagnostics } = loadBibliography('refs.yaml', 'references:\n- id: a\n  title: [unclosed\n')
    expect(items).toEqual([])
    expect(diagnostics[0]).toMatchObject({ rule: 'bibliography-file' })
    expect(diagnostics[0]?.message).toMatch(/^not valid YAML/)
  })
})

describe('files that are not bibliographies', () => {
  test('an unknown extension', () => {
    expect(loadBibliography('refs.docx', 'x').diagnostics[0]).toMatchObject({ rule: 'bibliography-file', line: 1, column: 1 })
  })

  test('binary content', () => {
    for (const path of ['refs.bib', 'refs.json', 'refs.yaml']) {
      const { items, diagnostics } = loadBibliography(path, randomBytes(50_000).toString('latin1'))
      expect(items).toEqual([])
      expect(diagnostics).toEqual([{ rule: 'bibliography-file', message: 'the file is binary, not a bibliography', line: 1, column: 1 }])
    }
  })

  test('deep braces and brackets do not overflow the stack', () => {
    const bib = loadBibliography('refs.bib', `@misc{deep, title = ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}\n@misc{ok, title = {Fine}}\n`)
    expect(bib.items.map((item) => item.id)).toEqual(['ok'])
    expect(bib.diagnostics[0]?.message).toContain('nested deeper')
    expect(loadBibliography('refs.json', '['.repeat(200_000) + ']'.repeat(200_000)).items).toEqual([])
    expect(loadBibliography('refs.yaml', '['.repeat(50_000) + ']'.repeat(50_000)).diagnostics[0]?.rule).toBe('bibliography-file')
  })

  test('a 10 MB BibTeX file loads; thousands of broken entries give a bounded report', () => {
    const entry = (i: number) => `@article{k${i}, author = {Doe, Jane and Roe, Rick}, title = {Title {${i}} with \\"u}, journal = {J}, year = 2020}\n`
    const big = Array.from({ length: 90_000 }, (_, i) => (i % 900 === 1 ? `@misc{bad${i} title = {x}}\n` : entry(i))).join('')
    expect(big.length).toBeGreaterThan(10_000_000)
    const { items, diagnostics } = loadBibliography('big.bib', big)
    expect(items).toHaveLength(89_900)
    expect(diagnostics).toHaveLength(100)
    const broken = Array.from({ length: 3000 }, (_, i) => `@misc{bad${i} title = {x}}\n`).join('')
    const report = loadBibliography('broken.bib', broken).diagnostics
    expect(report).toHaveLength(101)
    expect(report[100]?.message).toBe('2900 more entries have problems')
  }, 60_000)
})
