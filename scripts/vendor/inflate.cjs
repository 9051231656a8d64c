// tiny-inflate's function (raw DEFLATE into `dest`), done by Node's zlib: the PDF libraries
// inflate their Unicode tables when they load, 10 ms in tiny-inflate's JavaScript and well
// under 1 ms natively. Like tiny-inflate, it returns `dest`, or the part of it filled.
const { inflateRawSync } = require('node:zlib')

module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source)
  const length = Math.min(out.length, dest.length)
  dest.set(out.subarray(0, length))
  return length < dest.length ? dest.slice(0, length) : dest
}
