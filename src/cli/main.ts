import { Command, CommanderError, Option } from 'commander'
import { formatDiagnostic } from '../diagnostics/collector.js'
import type { Diagnostic } from '../model/diagnostic.js'
import type { SourceFormat } from '../model/source.js'
import { registerBriefCommands } from './brief-commands.js'
import { readSourceNote } from '../library/source-note.js'
import { FORMATS, readSource, readSourceFile } from '../readers/index.js'
import { DEFAULT_MAX_SOURCE_BYTES, MAX_SOURCE_SIZE_ENV, formatSize, maxSourceBytes, parseSize, readStreamWithin, tooLargeDiagnostic, unreadSource } from '../readers/source-size.js'
import type { Source } from '../model/source.js'
import { EXIT, UserError, type ExitCode } from './exit-codes.js'
import { registerLibraryCommands } from './library-commands.js'
import { outlineJson, renderOutline } from './render-outline.js'
import { VERSION } from './version.js'

export interface CliIO {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Standard error is a terminal: progress may be drawn there. */
  interactive?: boolean
}

const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
}

/** The source on standard input, read up to `maxBytes`: past it, reading stops and the Source says why. */
async function readStdin(options: { format?: SourceFormat; maxBytes: number }): Promise<Source> {
  const read = await readStreamWithin(process.stdin, options.maxBytes)
  const file = '<stdin>'
  if ('bytes' in read) return readSource(read.bytes, { file, ...(options.format ? { format: options.format } : {}) })
  return unreadSource(file, options.format ?? 'news-text', tooLargeDiagnostic(file, null, options.maxBytes))
}

async function readInput(path: string, options: { format?: SourceFormat; maxBytes: number }): Promise<Source> {
  if (path === '-') return readStdin(options)
  // A downloaded file is read as the library reads it: with the charset and address in its note.
  const note = readSourceNote(path)
  try {
    const source = await readSourceFile(path, { charset: note?.charset, maxBytes: options.maxBytes, ...(options.format ? { format: options.format } : {}) })
    if (note && source.meta.url === null) source.meta.url = note.url
    return source
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Only the file system's errors are the user's to fix; anything else is a bug, reported as one.
    if (typeof code !== 'string') throw error
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder; name a file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable')
    throw new UserError(`cannot read \`${path}\`: ${why}`, EXIT.io)
  }
}

/** The size limit from `--max-source-size`, else BRIEF_MAX_SOURCE_SIZE, else the default; a bad value is a usage error. */
function sizeLimit(flag: string | undefined): number {
  if (flag === undefined) {
    try {
      return maxSourceBytes()
    } catch (error) {
      throw new UserError((error as Error).message)
    }
  }
  const bytes = parseSize(flag)
  if (bytes === null) throw new UserError(`--max-source-size \`${flag}\` is not a size; write it as 80MB, 1.5GB or a number of bytes`)
  return bytes
}

function printDiagnostics(diagnostics: Diagnostic[], io: CliIO): ExitCode {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`)
  return diagnostics.some((d) => d.severity === 'error') ? EXIT.contentErrors : EXIT.ok
}

function buildProgram(io: CliIO, setExit: (code: ExitCode) => void): Command {
  const program = new Command()
  program
    .name('brief')
    .description('Read policy sources into outlines of claims, and build cited briefs from them.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .option('--max-source-size <size>', `the largest source file read, e.g. 80MB (default: ${MAX_SOURCE_SIZE_ENV}, else ${formatSize(DEFAULT_MAX_SOURCE_BYTES)})`)
    .configureHelp({ showGlobalOptions: true })
    // Every command gets the size limit as its `maxBytes` option, from the flag, the environment or the default.
    .hook('preAction', (root, action) => {
      action.setOptionValue('maxBytes', sizeLimit(root.opts<{ maxSourceSize?: string }>().maxSourceSize))
    })

  program
    .command('outline')
    .description('read a source and print its outline: metadata, sections and claims with their ids')
    .argument('<file>', 'the source file (text, WordPress JSON, HTML, Markdown, PDF or DOCX); `-` reads standard input')
    .option('--json', 'print the Source as JSON (the contract in DESIGN.md)')
    .addOption(new Option('--format <format>', 'skip detection and read as this format').choices(FORMATS))
    .action(async (file: string, options: { json?: boolean; format?: SourceFormat; maxBytes: number }) => {
      const source = await readInput(file, options)
      io.stdout(options.json ? outlineJson(source) : renderOutline(source))
      setExit(printDiagnostics(source.diagnostics, io))
    })

  registerLibraryCommands(program, io, setExit)
  registerBriefCommands(program, io, setExit)
  return program
}

/** Runs `brief` with `argv` (without node and script); returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<ExitCode> {
  let exit: ExitCode = EXIT.ok
  const program = buildProgram(io, (code) => {
    exit = code
  })
  if (argv.length === 0) {
    io.stdout(program.helpInformation())
    return EXIT.ok
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exit
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version are successes.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    if (error instanceof UserError) {
      io.stderr(`brief: ${error.message}\n`)
      return error.exitCode
    }
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`brief: internal error: ${message}\n`)
    if (process.env.BRIEF_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    else io.stderr('This is a bug in briefkit. Run again with BRIEF_DEBUG=1 for details, and report it.\n')
    return EXIT.internal
  }
}
