import { existsSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { formatDiagnostic } from '../diagnostics/collector.js'
import { parseBrief } from '../brief/parse.js'
import { writeLock, type LockedClaim } from '../brief/lock.js'
import { resolveBrief, type ResolvedBrief } from '../brief/resolve.js'
import type { Library } from '../library/library.js'
import { writeFileAtomic } from '../library/write-atomic.js'
import { readTextWithinSync, tooLargeDiagnostic } from '../readers/source-size.js'
import type { Brief } from '../model/brief.js'
import type { Diagnostic } from '../model/diagnostic.js'
import { DEFAULT_TEMPLATE, loadTemplate, templateNames } from '../templates/index.js'
import { renderCitations, type RenderedCitations } from '../writers/citations.js'
import { writeMarkdown } from '../writers/markdown.js'
import { EXIT, UserError, type ExitCode } from './exit-codes.js'
import type { CliIO } from './main.js'
import { ensureInside, withLibrary, type WorkspaceOption } from './workspace.js'

// Output formats `brief build --to` knows, and what it writes without --to.
const OUTPUTS = ['md', 'pdf'] as const
type Output = (typeof OUTPUTS)[number]
const DEFAULT_OUTPUTS = 'md,pdf'

interface CheckOptions extends WorkspaceOption {
  json?: boolean
  strict?: boolean
}

function readBrief(path: string, maxBytes: number): { brief: Brief; text: string } {
  let read: ReturnType<typeof readTextWithinSync>
  try {
    read = readTextWithinSync(path, maxBytes)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(code === 'ENOENT' ? `cannot read \`${path}\`: no such file` : code === 'EISDIR' ? `\`${path}\` is a folder, not a brief` : `cannot read \`${path}\`: ${(error as Error).message}`, EXIT.io)
  }
  if ('tooLarge' in read) {
    // Read as empty, with the error: the build stops on it, as on any error in a brief.
    const brief = parseBrief('', path)
    brief.diagnostics.splice(0, brief.diagnostics.length, tooLargeDiagnostic(path, read.tooLarge, maxBytes, null, 'a brief'))
    return { brief, text: '' }
  }
  return { brief: parseBrief(read.text, path), text: read.text }
}

/** The exit code for a set of diagnostics: errors fail; with --strict, warnings fail too. */
function verdict(diagnostics: Diagnostic[], strict: boolean | undefined): ExitCode {
  const failing = diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning'))
  return failing ? EXIT.contentErrors : EXIT.ok
}

function printDiagnostics(diagnostics: Diagnostic[], io: CliIO): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`)
}

/**
 * Resolves a brief and renders its citations: everything a build does short of writing.
 * `rendered` is null when there are errors.
 */
async function prepare(path: string, library: Library, forPdf: boolean): Promise<{ resolved: ResolvedBrief; diagnostics: Diagnostic[]; rendered: RenderedCitations | null }> {
  const { brief, text } = readBrief(path, library.maxBytes)
  const resolved = resolveBrief(brief, library)
  const { rendered, diagnostics: citationProblems } = renderCitations(resolved, { cacheDir: join(library.workspace.root, '.brief', 'citations') })
  const diagnostics = [...resolved.diagnostics, ...citationProblems]
  // Only a PDF needs glyphs, and looking them up opens the fonts: not for Markdown alone.
  if (forPdf) {
    const { glyphProblems } = await import('../writers/pdf/glyphs.js')
    diagnostics.push(...glyphProblems(resolved, text, rendered))
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column)
  }
  return { resolved, diagnostics, rendered: diagnostics.some((d) => d.severity === 'error') ? null : rendered }
}

/** The formats of `--to`, checked; none given means Markdown and PDF. */
function outputFormats(to: string | undefined, out: string | undefined): Output[] {
  const formats = [...new Set((to ?? DEFAULT_OUTPUTS).split(',').map((f) => f.trim()).filter(Boolean))]
  for (const format of formats) {
    if (!(OUTPUTS as readonly string[]).includes(format)) {
      throw new UserError(`--to \`${format}\` is not an output format briefkit writes; use ${OUTPUTS.map((o) => `\`${o}\``).join(', ')}`)
    }
  }
  if (formats.length === 0) throw new UserError(`--to needs a format: ${OUTPUTS.map((o) => `\`${o}\``).join(', ')}`)
  if (out === '-') {
    // Without --to, `--out -` prints the Markdown alone.
    if (to === undefined) return ['md']
    if (formats.includes('pdf')) throw new UserError('--out - prints Markdown; pass --to md')
  }
  return formats as Output[]
}

function lockedClaims(resolved: ResolvedBrief): LockedClaim[] {
  const seen = new Map<string, LockedClaim>()
  for (const used of resolved.claims.values()) {
    if (!seen.has(used.claim.id)) seen.set(used.claim.id, { id: used.claim.id, text: used.claim.text, source: used.claim.sourceId, file: used.file, hash: used.hash })
  }
  return [...seen.values()]
}

export function registerBriefCommands(program: Command, io: CliIO, setExit: (code: ExitCode) => void): void {
  program
    .command('build')
    .description('build a brief: claims filled in, citations and bibliography in its style, to out/NAME.md and out/NAME.pdf')
    .argument('<brief>', 'the brief, e.g. briefs/example.md')
    .option('--to <formats>', `output formats, comma-separated: ${OUTPUTS.join(', ')} (default: ${DEFAULT_OUTPUTS})`)
    .option('--out <dir>', 'the folder to write to (default: out/ in the workspace); `-` prints the Markdown instead')
    .option('--strict', 'fail on warnings too')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action(async (path: string, options: CheckOptions & { to?: string; out?: string }) => {
      const formats = outputFormats(options.to, options.out)
      await withLibrary(options, io, async (library) => {
        const { resolved, diagnostics, rendered } = await prepare(path, library, formats.includes('pdf'))
        printDiagnostics(diagnostics, io)
        const exit = verdict(diagnostics, options.strict)
        setExit(exit)
        if (exit !== EXIT.ok || rendered === null) {
          io.stderr(`brief: \`${path}\` was not built; fix the errors above${options.strict ? ' (--strict: warnings count)' : ''}\n`)
          return
        }
        if (options.out === '-') {
          io.stdout(writeMarkdown(resolved, rendered))
          writeLock(path, lockedClaims(resolved))
          return
        }
        // out/ is the workspace's; a folder given with --out is the user's own choice.
        if (options.out === undefined) ensureInside(library.workspace.root, 'out', 'delete the link (briefkit makes out/ again), or pass --out DIR to write elsewhere')
        const outDir = resolve(options.out ?? join(library.workspace.root, 'out'))
        const stem = basename(path).replace(/\.(?:md|markdown)$/i, '')
        const targets = formats.map((format) => ({ format, file: join(outDir, `${stem}.${format}`) }))
        for (const { file } of targets) {
          if (resolve(file) === resolve(path)) throw new UserError(`building \`${path}\` would overwrite it; pass --out DIR with another folder`)
        }
        // Everything is made before anything is written: a failing writer leaves the old files.
        const made: Array<{ file: string; content: string | Uint8Array }> = []
        for (const { format, file } of targets) {
          if (format === 'md') made.push({ file, content: writeMarkdown(resolved, rendered) })
          else {
            const { writePdf } = await import('../writers/pdf/index.js')
            const layout: Diagnostic[] = []
            made.push({ file, content: await writePdf(resolved, rendered, { workspaceRoot: library.workspace.root, diagnostics: layout }) })
            printDiagnostics(layout, io)
            if (verdict(layout, options.strict) !== EXIT.ok) {
              setExit(EXIT.contentErrors)
              io.stderr(`brief: \`${path}\` was not built (--strict: warnings count)\n`)
              return
            }
          }
        }
        for (const { file, content } of made) {
          try {
            writeFileAtomic(file, content)
          } catch (error) {
            throw new UserError(`cannot write \`${file}\`: ${writeFailure(error)}; the old file, if any, is unchanged; make \`${dirname(file)}\` writable, or pass --out DIR`, EXIT.io)
          }
        }
        try {
          writeLock(path, lockedClaims(resolved))
        } catch (error) {
          throw new UserError(`cannot write the lock file of \`${path}\`: ${(error as Error).message}`, EXIT.io)
        }
        const sources = new Set([...resolved.claims.values()].map((u) => u.claim.sourceId)).size
        const summary = `${resolved.claims.size} claims from ${sources} sources; ${resolved.items.size} sources in the bibliography`
        for (const [i, { file, content }] of made.entries()) {
          const shown = relative(process.cwd(), file)
          const size = typeof content === 'string' ? '' : `  ${Math.max(1, Math.round(content.byteLength / 1024))} KB`
          io.stdout(`${shown && !shown.startsWith('..') ? shown : file}${i === 0 ? `  ${summary}` : size}\n`)
        }
      })
    })

  program
    .command('check')
    .description('check a brief: unknown or changed claims, unknown sources, incomplete sources, copies of one story, empty sections')
    .argument('<brief>', 'the brief, e.g. briefs/example.md')
    .option('--json', 'print the diagnostics as JSON')
    .option('--strict', 'fail on warnings too')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action(async (path: string, options: CheckOptions) => {
      await withLibrary(options, io, async (library) => {
        // The default build makes a PDF, so check what it would find too.
        const { diagnostics } = await prepare(path, library, true)
        if (options.json) io.stdout(`${JSON.stringify(diagnostics, null, 2)}\n`)
        else if (diagnostics.length) printDiagnostics(diagnostics, io)
        else io.stdout(`${path}: no problems found\n`)
        setExit(verdict(diagnostics, options.strict))
      })
    })

  program
    .command('new')
    .description("start a brief from a template's scaffold")
    .argument('<brief>', 'the file to create, e.g. briefs/ports.md')
    .option('-t, --template <name>', `the template (default: ${DEFAULT_TEMPLATE}; see \`brief templates\`)`)
    .option('--title <text>', 'the title (default: from the file name)')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action((path: string, options: WorkspaceOption & { template?: string; title?: string }) => {
      if (existsSync(path)) throw new UserError(`\`${path}\` already exists; choose another name, or delete it first`, EXIT.contentErrors)
      if (!/\.(?:md|markdown)$/i.test(path)) throw new UserError(`\`${path}\` should end in .md: a brief is a Markdown file`)
      const root = resolve(options.workspace ?? '.')
      const name = options.template ?? DEFAULT_TEMPLATE
      const { template, diagnostics } = loadTemplate(name, root)
      printDiagnostics(diagnostics.filter((d) => d.file !== null), io)
      if (!template) throw new UserError(diagnostics.find((d) => d.file === null)?.message ?? `the template \`${name}\` has errors (see above)`, EXIT.contentErrors)
      const title = options.title ?? titleFromFile(path)
      const text = template.scaffold.replaceAll('{{title}}', yamlString(title)).replaceAll('{{date}}', new Date().toISOString().slice(0, 10))
      try {
        writeFileAtomic(path, text)
      } catch (error) {
        throw new UserError(`cannot write \`${path}\`: ${(error as Error).message}`, EXIT.io)
      }
      io.stdout(`${path}  new brief from template \`${name}\`; build it with \`brief build ${path}\`\n`)
    })

  program
    .command('templates')
    .description('list the templates: built in, and the workspace’s own in templates/')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action((options: WorkspaceOption) => {
      const root = resolve(options.workspace ?? '.')
      const lines: string[] = []
      for (const name of templateNames(root)) {
        const { template } = loadTemplate(name, root)
        lines.push(`${name.padEnd(12)}  ${template ? `${template.builtIn ? 'built in' : 'workspace'}  ${template.description}` : 'has errors (see `brief new --template ' + name + '`)'}`)
      }
      io.stdout(`${lines.join('\n')}\n`)
    })
}

// Why a write failed, in words: the system's message names the temporary file, not the user's.
const WRITE_FAILURES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'a folder has that name',
  ENOTDIR: 'a file stands where a folder should be',
  EEXIST: 'a file stands where a folder should be',
}

function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return (code && WRITE_FAILURES[code]) ?? (error as Error).message
}

function titleFromFile(path: string): string {
  const stem = basename(path).replace(/\.(?:md|markdown)$/i, '').replace(/[-_]+/g, ' ').trim()
  return stem ? stem[0]!.toUpperCase() + stem.slice(1) : 'Untitled brief'
}

/** A value safe in a YAML scalar position: quoted when YAML would read it as something else. */
function yamlString(text: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} ,.'’()-]*$/u.test(text) && !/^(?:true|false|null|yes|no|~)$/i.test(text) ? text : JSON.stringify(text)
}
