/** The parts of citeproc-js's output-format registry this module touches. */
export interface OutputFormats {
  text: Record<string, unknown>
  [name: string]: Record<string, unknown> | undefined
}

export const MARKDOWN_FORMAT = 'briefkit-markdown'

// Backslash-escaping any ASCII punctuation is valid CommonMark, so escaping more than strictly
// needed is harmless; `&` only when it would start an entity (AT&T stays readable).
const SPECIAL = /[\\`*_[\]<>~|]|&(?=#?[A-Za-z0-9]+;)/g

function escapeMarkdown(text: string | undefined): string {
  return text ? text.replace(SPECIAL, '\\$&') : ''
}

function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_[\]<>~|&])/g, '$1')
}

/** Emphasis markers must touch the text, so surrounding spaces move outside them. */
function emphasis(mark: string) {
  return (_state: unknown, str: string | undefined): string => {
    if (!str) return ''
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(str)
    return m?.[2] ? `${m[1]}${mark}${m[2]}${mark}${m[3]}` : str
  }
}

/**
 * An autolink: backslash escapes do not work inside one, so the field text is unescaped, and
 * the few characters an autolink cannot hold are percent-encoded.
 */
function autolink(_state: unknown, str: string | undefined): string {
  if (!str) return ''
  const url = unescapeMarkdown(str).replace(/[\s<>]/g, (ch) => encodeURIComponent(ch))
  return /^[A-Za-z][A-Za-z0-9+.-]{1,31}:/.test(url) ? `<${url}>` : escapeMarkdown(url)
}

function inline(_state: unknown, str: string | undefined): string {
  return str ?? ''
}

/**
 * Registers a Markdown output format, built on citeproc-js's `text` format: italics and bold
 * as `*…*` and `**…**`, field text escaped, URLs and DOIs as autolinks, and every display
 * block kept on one line so an entry stays one Markdown paragraph.
 */
export function registerMarkdownFormat(formats: OutputFormats): void {
  if (formats[MARKDOWN_FORMAT]) return
  formats[MARKDOWN_FORMAT] = {
    ...formats.text,
    text_escape: escapeMarkdown,
    '@font-style/italic': emphasis('*'),
    '@font-style/oblique': emphasis('*'),
    '@font-weight/bold': emphasis('**'),
    '@URL/true': autolink,
    '@DOI/true': autolink,
    '@display/block': inline,
    '@display/left-margin': (_state: unknown, str: string | undefined) => (str ? `${str} ` : ''),
    '@display/right-inline': inline,
    '@display/indent': (_state: unknown, str: string | undefined) => (str ? ` ${str}` : ''),
    '@bibliography/entry': (_state: unknown, str: string | undefined) => `${str ?? ''}\n`,
  }
}
