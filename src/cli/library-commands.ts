import { constants, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path'
import type { Command } from 'commander'
import { formatDiagnostic } from '../diagnostics/collector.js'
import { checkPath, refusalMessage } from '../library/boundary.js'
import { FetchError, fetchUrl, isUrl } from '../library/fetch-url.js'
import { Library, RANK_CAP, type ClaimFilter, type SearchHit, type SourceFilter, type SourceRow } from '../library/library.js'
import { writeSourceNote } from '../library/source-note.js'
import { EXIT, UserError, type ExitCode } from './exit-codes.js'
import type { CliIO } from './main.js'
import { outlineJson, renderOutline } from './render-outline.js'
import { openLibrary, printRefused, progress, withLibrary, type WorkspaceOption } from './workspace.js'
import { tooLargeDiagnostic } from '../readers/source-size.js'

function cell(text: string | number | null, width: number): string {
  const s = text === null ? '—' : String(text)
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width)
}

function renderSources(rows: SourceRow[]): string {
  if (rows.length === 0) return 'No sources. Put files in sources/ or run `brief ingest PATH`.\n'
  const idWidth = Math.min(32, Math.max(2, ...rows.map((r) => r.id.length)))
  const lines = [`${cell('id', idWidth)}  ${cell('kind', 8)}  ${cell('date', 10)}  ${cell('publisher', 22)}  ${cell('title', 44)}  claims  diags`]
  for (const r of rows) {
    lines.push(`${cell(r.id, idWidth)}  ${cell(r.kind, 8)}  ${cell(r.date, 10)}  ${cell(r.publisher, 22)}  ${cell(r.title, 44)}  ${String(r.claimCount).padStart(6)}  ${String(r.diagnosticCount).padStart(5)}`)
  }
  return `${lines.join('\n')}\n`
}

/** Marks the highlighted ranges with «…», so matches show in any terminal and in tests. */
function marked(text: string, ranges: Array<[number, number]>): string {
  let out = ''
  let at = 0
  for (const [start, end] of ranges) {
    out += `${text.slice(at, start)}«${text.slice(start, end)}»`
    at = end
  }
  return (out + text.slice(at)).replace(/\s+/g, ' ')
}

function renderHits(hits: SearchHit[], query: string): string {
  if (hits.length === 0) return `No claims match \`${query}\`.\n`
  const lines: string[] = []
  hits.forEach((hit, i) => {
    const where = [hit.sourceId, ...hit.sectionPath].join(' › ')
    lines.push(`${i + 1}. [${hit.id}] ${where}${hit.speaker ? `  — ${hit.speaker}` : ''}`)
    lines.push(`   ${marked(hit.text, hit.highlights)}`)
  })
  return `${lines.join('\n')}\n`
}

/**
 * 10000 → `10,000`. (Not `toLocaleString`: that loads ICU's locale data, 10 ms of every command's
 * start, as the help text of `search` is built whatever the command.)
 */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',')
}

function filterOptions(command: Command, withClaims: boolean): Command {
  command
    .option('--kind <kind>', 'only sources of this kind (brief, news, op-ed, post, webpage, report, document)')
    .option('--publisher <text>', 'only sources whose publisher contains this text')
    .option('--since <date>', 'only sources dated on or after YYYY-MM-DD')
    .option('--until <date>', 'only sources dated on or before YYYY-MM-DD')
  if (withClaims) {
    command
      .option('--source <id>', 'only claims of this source')
      .option('--author <name>', 'only sources with an author whose name contains this text')
      .option('--speaker <name>', 'only claims attributed to a speaker whose name contains this text')
      .option('--limit <n>', 'at most this many results (default 20)')
      .option('--all', `rank every match even when more than ${thousands(RANK_CAP)} claims match (slower)`)
  }
  return command.option('--json', 'print JSON').option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
}

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && !/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/.test(value)) {
    throw new UserError(`--${name} \`${value}\` is not a date; write it as YYYY-MM-DD`)
  }
}

function sourceFilter(options: SourceFilter): SourceFilter {
  checkDate('since', options.since)
  checkDate('until', options.until)
  return { kind: options.kind, publisher: options.publisher, since: options.since, until: options.until }
}

/** Whether anything, even a dangling symbolic link, has this name. */
function taken(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

/**
 * Copies a file into sources/ under a free name; the same content already there is not copied
 * again. Nothing is written outside sources/: a name leading out (`..`, a linked folder) is
 * refused with a UserError, and the copy never writes through a link planted at its name.
 */
function copyIntoSources(library: Library, from: string, name: string): string | null {
  const sources = library.workspace.sources
  // Inside sources/ as it really is, and sources/ itself inside the workspace.
  const inWorkspace = checkPath(library.workspace.root, library.workspace.root, `sources/${name}`)
  const checked = inWorkspace.ok ? checkPath(sources, sources, name) : inWorkspace
  if (!checked.ok) {
    throw new UserError(refusalMessage('copying to', `sources/${name}`, checked.refusal, inWorkspace.ok ? sources : library.workspace.root, 'briefkit writes only inside sources/; rename the file, or replace the link in sources/ with a folder'), EXIT.io)
  }
  const target = checked.path
  mkdirSync(dirname(target), { recursive: true })
  const bytes = readFileSync(from)
  let candidate = target
  for (let n = 2; taken(candidate); n++) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile() && readFileSync(candidate).equals(bytes)) return null
    candidate = join(dirname(target), `${basename(target, extname(target))}-${n}${extname(target)}`)
  }
  // EXCL: fails rather than follow a link that appeared at the name meanwhile.
  copyFileSync(from, candidate, constants.COPYFILE_EXCL)
  return relative(library.workspace.root, candidate).split(sep).join('/')
}

/**
 * The files under `dir`, hidden ones left out. Links are followed (reading from anywhere is
 * what ingest is for), but a folder reached twice — a link looping back — is read once, and
 * a link that loops on itself is reported in `skipped`.
 */
function filesUnder(dir: string, skipped: string[], walked = new Set<string>()): string[] {
  const out: string[] = []
  const real = realpathSync(dir)
  if (walked.has(real)) return out
  walked.add(real)
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue
    const path = join(dir, name)
    let stat
    try {
      stat = statSync(path)
    } catch (error) {
      skipped.push(`brief: skipped \`${path}\`: ${(error as NodeJS.ErrnoException).code === 'ELOOP' ? 'a symbolic link that loops back on itself' : (error as Error).message}`)
      continue
    }
    if (stat.isDirectory()) out.push(...filesUnder(path, skipped, walked))
    else if (stat.isFile()) out.push(path)
  }
  return out
}

export function registerLibraryCommands(program: Command, io: CliIO, setExit: (code: ExitCode) => void): void {
  filterOptions(
    program
      .command('sources')
      .description('list the sources of the workspace library: id, kind, date, publisher, title, claims, diagnostics'),
    false,
  ).action(async (options: SourceFilter & WorkspaceOption & { json?: boolean }) => {
    const filter = sourceFilter(options)
    await withLibrary(options, io, (library) => {
      const rows = library.sources(filter)
      io.stdout(options.json ? `${JSON.stringify(rows, null, 2)}\n` : renderSources(rows))
    })
  })

  const claims = program.command('claims').description('search the claims of every source in the library')
  filterOptions(
    claims
      .command('search')
      .description('claims matching QUERY, best first (BM25), with the matches marked «like this»')
      .argument('<query...>', 'words (all must match; English inflections match), "quoted phrases", or Korean/Japanese/Chinese text'),
    true,
  ).action(async (words: string[], options: ClaimFilter & WorkspaceOption & { json?: boolean; limit?: string; all?: boolean }) => {
    const query = words.join(' ')
    const limit = options.limit === undefined ? 20 : Number(options.limit)
    if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit \`${options.limit}\` is not a positive whole number`)
    const filter: ClaimFilter = { ...sourceFilter(options), source: options.source, author: options.author, speaker: options.speaker, limit, rankCap: options.all ? Number.POSITIVE_INFINITY : RANK_CAP }
    await withLibrary(options, io, (library) => {
      const { hits, capped } = library.find(query, filter)
      io.stdout(options.json ? `${JSON.stringify(hits, null, 2)}\n` : renderHits(hits, query))
      if (capped) {
        io.stderr(
          `note: more than ${thousands(RANK_CAP)} claims match \`${query}\`, too many to rank quickly; these are the most recently added. ` +
            'Add words or a filter (--source, --since, --kind…) to narrow it, or --all to rank every match.\n',
        )
      }
    })
  })

  claims
    .command('related')
    .description('claims in other sources that say nearly the same thing as claim ID, with a similarity score')
    .argument('<id>', 'a claim id such as `jin2023indopacific.k3f9a`')
    .option('--limit <n>', 'at most this many results (default 10)')
    .option('--json', 'print JSON')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action(async (id: string, options: WorkspaceOption & { json?: boolean; limit?: string }) => {
      const limit = options.limit === undefined ? 10 : Number(options.limit)
      if (!Number.isInteger(limit) || limit < 1) throw new UserError(`--limit \`${options.limit}\` is not a positive whole number`)
      await withLibrary(options, io, (library) => {
        const related = library.related(id, limit)
        if (related === null) {
          const similar = library.similarIds(id.split('.')[0] ?? id)
          throw new UserError(`no claim \`${id}\` in the library${similar.length ? `; its source may be one of ${similar.map((s) => `\`${s}\``).join(', ')} (see \`brief show ID\`)` : ''}`, EXIT.contentErrors)
        }
        if (options.json) {
          io.stdout(`${JSON.stringify(related, null, 2)}\n`)
          return
        }
        if (related.length === 0) {
          io.stdout(`No claim in another source says nearly what \`${id}\` says.\n`)
          return
        }
        const lines: string[] = []
        for (const r of related) {
          const where = [r.sourceId, ...r.sectionPath].join(' › ')
          lines.push(`${r.score.toFixed(2)}  [${r.id}] ${where}${r.sameStory ? '  (same story: a copy of this claim\'s source, not independent)' : ''}`)
          lines.push(`      ${r.text.replace(/\s+/g, ' ')}`)
        }
        io.stdout(`${lines.join('\n')}\n`)
      })
    })

  program
    .command('show')
    .description('show a source (metadata, outline, diagnostics) or a claim (text, source, section, context, speaker)')
    .argument('<id>', 'a source id such as `jin2023indopacific`, or a claim id such as `jin2023indopacific.k3f9a`')
    .option('--json', 'print JSON')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action(async (id: string, options: WorkspaceOption & { json?: boolean }) => {
      await withLibrary(options, io, (library) => {
        const claim = id.includes('.') ? library.claim(id) : null
        if (claim) {
          const source = library.sourceMeta(claim.sourceId)!
          const around = library.claimsAround(claim.sourceId, claim.ord, 2)
          if (options.json) {
            io.stdout(`${JSON.stringify({ claim, source, context: around }, null, 2)}\n`)
            return
          }
          const lines = [
            `${claim.id}  (${claim.kind})`,
            `  ${claim.text.replace(/\s+/g, ' ')}`,
            '',
            `  source   ${source.id}: ${source.meta.title ?? '(no title)'}${source.meta.date ? `, ${source.meta.date}` : ''}  (${source.file})`,
            `  section  ${claim.sectionPath.length ? claim.sectionPath.join(' › ') : '(before the first heading)'}`,
            ...(claim.page ? [`  page     ${claim.page}`] : []),
            ...(claim.notes ?? []).map((note, i) => `  ${i === 0 ? 'notes' : '     '}    ${i + 1}. ${note.replace(/\s+/g, ' ')}`),
            ...(claim.speaker ? [`  speaker  ${claim.speaker}`] : []),
            '',
            '  context',
            ...around.map((c) => `  ${c.id === claim.id ? '>' : ' '} ${c.text.replace(/\s+/g, ' ')}`),
          ]
          io.stdout(`${lines.join('\n')}\n`)
          return
        }
        const source = library.source(id)
        if (!source) {
          const similar = library.similarIds(id.split('.')[0] ?? id)
          const hint = similar.length ? `; did you mean ${similar.map((s) => `\`${s}\``).join(', ')}?` : '; `brief sources` lists them'
          throw new UserError(`no source or claim \`${id}\` in the library${hint}`, EXIT.contentErrors)
        }
        io.stdout(options.json ? outlineJson(source) : renderOutline(source))
        for (const d of source.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`)
      })
    })

  program
    .command('ingest')
    .description('copy files (or every file in a folder) into sources/, or download URLs, and read them into the library')
    .argument('<paths...>', 'files, folders, or http(s) URLs')
    .option('--json', 'print JSON')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .action(async (paths: string[], options: WorkspaceOption & { json?: boolean; quiet?: boolean }) => {
      const library = openLibrary(options, true)
      let failed = false
      // A file over the size limit is not copied: the library would not read it, and copying compares its bytes in memory.
      const tooLarge = (path: string, shown: string): boolean => {
        const size = statSync(path).size
        if (size <= library.maxBytes) return false
        io.stderr(`${formatDiagnostic(tooLargeDiagnostic(shown, size, library.maxBytes))}\n`)
        failed = true
        return true
      }
      try {
        const copied: string[] = []
        const skipped: string[] = []
        for (const arg of paths) {
          if (isUrl(arg)) {
            try {
              const doc = await fetchUrl(arg)
              const name = doc.fileName
              mkdirSync(library.workspace.sources, { recursive: true })
              const tmp = join(library.workspace.cache, `download-${process.pid}`)
              // A new file of our own: never written through whatever has the name already.
              rmSync(tmp, { force: true })
              writeFileSync(tmp, doc.bytes, { flag: 'wx' })
              let saved: string | null
              try {
                saved = copyIntoSources(library, tmp, name)
              } finally {
                rmSync(tmp, { force: true })
              }
              if (saved) {
                writeSourceNote(join(library.workspace.root, saved), { url: doc.url, requested: doc.requested, charset: doc.charset })
                copied.push(saved)
              } else skipped.push(arg)
            } catch (error) {
              if (!(error instanceof FetchError)) throw error
              io.stderr(`brief: ${error.message}\n`)
              failed = true
            }
            continue
          }
          const absolute = resolve(arg)
          if (!existsSync(absolute)) {
            io.stderr(`brief: cannot read \`${arg}\`: no such file or folder\n`)
            failed = true
            continue
          }
          const inside = (p: string): boolean => p === library.workspace.sources || p.startsWith(library.workspace.sources + sep)
          if (statSync(absolute).isDirectory()) {
            const unreadable: string[] = []
            const files = filesUnder(absolute, unreadable)
            for (const line of unreadable) io.stderr(`${line}\n`)
            for (const file of files) {
              if (inside(file) || tooLarge(file, file)) continue
              const saved = copyIntoSources(library, file, join(basename(absolute), relative(absolute, file)))
              if (saved) copied.push(saved)
              else skipped.push(file)
            }
          } else if (inside(absolute)) skipped.push(arg)
          else if (!tooLarge(absolute, arg)) {
            const saved = copyIntoSources(library, absolute, basename(absolute))
            if (saved) copied.push(saved)
            else skipped.push(arg)
          }
        }
        const onProgress = progress(io, options.quiet)
        const report = await library.syncAsync(onProgress ? { onProgress } : {})
        printRefused(report, io)
        // The sync's own account of each file: nothing is read twice.
        const read = report.read.filter((r) => copied.includes(r.path))
        if (options.json) {
          io.stdout(`${JSON.stringify(read.map((r) => ({ id: r.id, file: r.path, title: r.title, date: r.date, claims: r.claims, diagnostics: r.diagnostics })), null, 2)}\n`)
        } else if (!options.quiet) {
          for (const r of read) {
            io.stdout(`${r.id}  ${r.title ?? '(no title)'}  ${r.date ?? 'no date'}  ${r.claims} claims  (${r.path})\n`)
            for (const d of r.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`)
          }
          if (skipped.length) io.stdout(`${skipped.length} already in the library, not copied again\n`)
        }
        if (read.some((r) => r.diagnostics.some((d) => d.severity === 'error'))) failed = true
      } finally {
        library.close()
      }
      setExit(failed ? EXIT.contentErrors : EXIT.ok)
    })
}
