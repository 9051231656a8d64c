// linebreak's LineBreaker (Unicode line breaking, UAX #14, for pdfmake and pdfkit), with the
// class of each ASCII character taken from a table made once, from linebreak itself, instead
// of its Unicode trie: most characters of a brief are ASCII, and every one is looked up.
const LineBreaker = require('linebreak')

const ASCII = new Uint8Array(128)
for (let code = 0; code < 128; code++) ASCII[code] = new LineBreaker(String.fromCharCode(code)).nextCharClass()

class AsciiLineBreaker extends LineBreaker {
  nextCharClass() {
    const code = this.string.charCodeAt(this.pos)
    if (code < 128) {
      this.pos++
      return ASCII[code]
    }
    return super.nextCharClass()
  }
}

module.exports = AsciiLineBreaker
