// pdfmake with pdfkit and fontkit, and the parts of them the PDF writer patches (see
// src/writers/pdf/load.ts): one CommonJS file, as pdfkit reads its font metrics from __dirname.
module.exports = {
  pdfmake: require('pdfmake'),
  LayoutBuilder: require('pdfmake/js/LayoutBuilder').default,
  DocumentContext: require('pdfmake/js/DocumentContext').default,
  ElementWriter: require('pdfmake/js/ElementWriter').default,
  Renderer: require('pdfmake/js/Renderer').default,
  StyleContextStack: require('pdfmake/js/StyleContextStack').default,
  TextInlines: require('pdfmake/js/TextInlines').default,
  PDFDocument: require('pdfkit'),
  fontkit: require('fontkit'),
}
