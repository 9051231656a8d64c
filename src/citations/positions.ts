/** citeproc-js's position codes. */
const FIRST = 0
const SUBSEQUENT = 1
const IBID = 2
const IBID_WITH_LOCATOR = 3

export interface Cite {
  id: string
  /** Locator and label together ("4page"), as citeproc-js compares them; undefined when none. */
  locator: string | undefined
}

export interface Placement {
  position: number
  'near-note': boolean
  'first-reference-note-number'?: number
}

interface Past {
  noteIndex: number
  cites: Cite[]
  authorOnly: boolean
}

/** Citations in the running text and citations in notes are placed apart, as citeproc-js does. */
class Stream {
  first = new Map<string, number>()
  last = new Map<string, number>()
  citesInNote = new Map<number, number>()
  previous: Past | undefined
  beforePrevious: Past | undefined
}

/**
 * First, subsequent and ibid positions, worked out the way citeproc-js's
 * processCitationCluster does for items without legislation or container ids, but in constant
 * time per citation: processCitationCluster walks every earlier citation on each call, which
 * makes a long brief quadratic.
 */
export class PositionTracker {
  private text = new Stream()
  private note = new Stream()

  constructor(private readonly nearNoteDistance: number) {}

  place(cites: Cite[], noteIndex: number, authorOnly: boolean): Placement[] {
    let s = noteIndex ? this.note : this.text
    // A note numbered lower than the last one starts the count again (citeproc-js does the same).
    if (noteIndex && s.previous && s.previous.noteIndex > noteIndex) s = this.note = new Stream()
    s.citesInNote.set(noteIndex, (s.citesInNote.get(noteIndex) ?? 0) + cites.length)
    const prev = s.previous
    const placements = cites.map((cite, k): Placement => {
      const key = cite.id
      if (!s.last.has(key) && !authorOnly) {
        s.first.set(key, noteIndex)
        s.last.set(key, noteIndex)
        return { position: FIRST, 'near-note': false }
      }
      let ibid = false
      if (k === 0 && prev && prev.noteIndex !== noteIndex) {
        ibid =
          prev.cites[0]?.id === key &&
          prev.noteIndex >= noteIndex - 1 &&
          (s.citesInNote.get(prev.noteIndex) === 1 || prev.noteIndex === 0)
      } else if (k > 0) {
        ibid = cites[k - 1]?.id === key
      } else if (prev && prev.noteIndex === noteIndex) {
        const before = prev.authorOnly && s.beforePrevious ? s.beforePrevious : prev
        ibid = before.cites[before.cites.length - 1]?.id === key
      }
      let position = SUBSEQUENT
      if (ibid) {
        const previousLocator = k > 0 ? cites[k - 1]?.locator : prev?.cites[0]?.locator
        const locator = cite.locator
        if (!previousLocator) position = locator ? IBID_WITH_LOCATOR : IBID
        else if (locator) position = locator === previousLocator ? IBID : IBID_WITH_LOCATOR
        else ibid = false
      }
      if (!ibid && !s.first.has(key)) s.first.set(key, noteIndex)
      const placement: Placement = { position: authorOnly ? FIRST : position, 'near-note': false }
      const first = s.first.get(key)
      if (first !== undefined && first !== noteIndex) placement['first-reference-note-number'] = first
      if (noteIndex) {
        const last = s.last.get(key)
        if (placement.position !== FIRST && last !== undefined && noteIndex - last <= this.nearNoteDistance) placement['near-note'] = true
        s.last.set(key, noteIndex)
      } else if (placement.position !== FIRST) {
        placement['near-note'] = true
      }
      return placement
    })
    s.beforePrevious = prev
    s.previous = { noteIndex, cites, authorOnly }
    return placements
  }
}
