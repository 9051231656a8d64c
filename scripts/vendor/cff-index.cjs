// Appended to fontkit's main.cjs in the PDF bundle (scripts/bundle.mjs): faster reading and
// writing of CFF INDEX structures of raw bytes (a font's CharStrings and subroutines: 25,000
// and 17,000 entries in Noto Sans KR, read when pdfkit opens a face and written into every
// subset). fontkit reads and writes each entry through restructure's generic types (a method
// looked up by a name built from a template string, per entry); these loops do the same with
// plain byte arithmetic. Entries of other types (strings, dictionaries) go as before.
;(function fastCffIndex(CFFIndex) {
  const proto = CFFIndex.prototype
  const { decode, size, encode } = proto
  proto.decode = function (stream, parent) {
    if (this.type != null) return decode.call(this, stream, parent)
    const version = this.getCFFVersion(parent)
    const count = version >= 2 ? stream.readUInt32BE() : stream.readUInt16BE()
    if (count === 0) return []
    const offSize = stream.readUInt8()
    if (offSize < 1 || offSize > 4) throw new Error(`Bad offset size in CFFIndex: ${offSize} ${stream.pos}`)
    const bytes = stream.buffer
    let at = stream.pos
    const next = () => {
      let value = 0
      for (let k = 0; k < offSize; k++) value = value * 256 + bytes[at++]
      return value
    }
    const startPos = stream.pos + (count + 1) * offSize - 1
    const entries = []
    let start = next()
    for (let i = 0; i < count; i++) {
      const end = next()
      entries.push({ offset: startPos + start, length: end - start })
      start = end
    }
    stream.pos = startPos + start
    return entries
  }
  const dataSize = (arr) => {
    let offset = 1
    for (let i = 0; i < arr.length; i++) offset += arr[i].length
    return offset
  }
  const offsetSize = (offset) => {
    if (offset <= 0xff) return 1
    if (offset <= 0xffff) return 2
    if (offset <= 0xffffff) return 3
    if (offset <= 0xffffffff) return 4
    throw new Error('Bad offset in CFFIndex')
  }
  proto.size = function (arr, parent) {
    if (this.type != null) return size.call(this, arr, parent)
    if (arr.length === 0) return 2
    const offset = dataSize(arr)
    return 2 + 1 + offsetSize(offset) * (arr.length + 1) + offset - 1
  }
  proto.encode = function (stream, arr, parent) {
    if (this.type != null) return encode.call(this, stream, arr, parent)
    stream.writeUInt16BE(arr.length)
    if (arr.length === 0) return
    const offSize = offsetSize(dataSize(arr))
    stream.writeUInt8(offSize)
    const write = (value) => {
      for (let k = offSize - 1; k >= 0; k--) stream.writeUInt8(Math.floor(value / 256 ** k) % 256)
    }
    let offset = 1
    write(offset)
    for (let i = 0; i < arr.length; i++) write((offset += arr[i].length))
    for (let i = 0; i < arr.length; i++) stream.writeBuffer(arr[i])
  }
})(CFF_INDEX_CLASS)
