// Stands in, in the PDF bundle, for libraries that only features briefkit never uses need:
// pdfkit's encryption (@noble/ciphers, @noble/hashes), fontkit's WOFF2 fonts (brotli) and
// pdfmake's SVG images (xmldoc, sax). They cost a third of the bundle's loading time. Using one
// fails loudly instead of quietly doing something else.
function leftOut() {
  throw new Error('briefkit bundles pdfmake without encryption, WOFF2 fonts and SVG images; this PDF needs one of them')
}
module.exports = new Proxy(leftOut, {
  get: (_, name) => (name === '__esModule' ? false : leftOut),
})
