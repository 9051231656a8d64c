// Appended to pdfkit's js/pdfkit.js in the PDF bundle (scripts/bundle.mjs): EmbeddedFont's
// `layout`, which shapes a text word by word through its cache, as pdfkit writes it but
// without an array made for each character it looks at (`[' ', '\t'].includes(…)`) and with
// each word's glyphs pushed onto the result instead of copying the result for every word
// (`concat`): measuring and drawing call it for every word of a brief, and a line drawn in
// one call (src/writers/pdf/lines.ts) is many words. The same glyphs and positions.
;(function fasterLayout(EmbeddedFont) {
  EmbeddedFont.prototype.layout = function layout(text, features, onlyWidth) {
    if (features) return this.layoutRun(text, features)
    const glyphs = onlyWidth ? null : []
    const positions = onlyWidth ? null : []
    let advanceWidth = 0
    let last = 0
    let index = 0
    while (index <= text.length) {
      const code = index < text.length ? text.charCodeAt(index) : -1
      if ((index === text.length && last < index) || code === 32 || code === 9) {
        const run = this.layoutCached(text.slice(last, ++index))
        if (!onlyWidth) {
          for (let i = 0; i < run.glyphs.length; i++) glyphs.push(run.glyphs[i])
          for (let i = 0; i < run.positions.length; i++) positions.push(run.positions[i])
        }
        advanceWidth += run.advanceWidth
        last = index
      } else {
        index++
      }
    }
    return { glyphs, positions, advanceWidth }
  }
})(EmbeddedFont)
