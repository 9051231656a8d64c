/*
 * pdfkit sorts the keys of a PDF name tree (the named destinations: every note, footnote and
 * heading link target) with `localeCompare`. The first call loads ICU's collation, 9 ms of a
 * build, and the order is the locale's where the PDF format asks for the keys' byte order
 * (ISO 32000-1, 7.9.6). Compared by code unit they are in byte order for every key briefkit
 * makes (ASCII); for ASCII letters, digits and `-` the two orders are the same.
 */

type CompareKeys = ((a: string, b: string) => number) & { byCodeUnit?: true }

const byCodeUnit: CompareKeys = Object.assign((a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0), { byCodeUnit: true as const })

interface DocumentClass {
  prototype: { addNamedDestination?: (this: { _root: { data: { Names: { data: { Dests: object } } } } }, name: string, ...args: unknown[]) => void }
}

/**
 * Installs the comparison on pdfkit's name trees (`PDFDocument`, the class pdfmake's extends).
 * pdfkit does not export the tree class: it is patched through the first tree a document
 * names a destination in.
 */
export function sortNamesByBytes(PDFDocument: DocumentClass): void {
  const add = PDFDocument.prototype.addNamedDestination
  if (typeof add !== 'function') return
  PDFDocument.prototype.addNamedDestination = function (name, ...args) {
    const tree = Object.getPrototypeOf(this._root.data.Names.data.Dests) as { _compareKeys?: CompareKeys }
    if (typeof tree._compareKeys === 'function' && !tree._compareKeys.byCodeUnit) tree._compareKeys = byCodeUnit
    PDFDocument.prototype.addNamedDestination = add
    add.call(this, name, ...args)
  }
}
