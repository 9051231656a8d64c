import { lstatSync, readlinkSync, realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

/*
 * The workspace boundary: briefkit follows a path written in a brief, a template or a folder
 * listing only when the file it really opens — symbolic links resolved — lies inside the
 * workspace. A lexical check alone is not enough: `images/chart.png` may be a link to
 * `/etc/passwd`, or `images/` a link to the home folder.
 */

/** Why a path is not followed. */
export type Refusal =
  /** `file:///etc/passwd`, `smb://host/x`: an address, not a path. */
  | { kind: 'address'; scheme: string }
  /** `C:\x`, `\\server\share`, `..\..\x`: written for Windows; on other systems a backslash is a letter. */
  | { kind: 'windows-path' }
  /** `../../x`, `/etc/passwd`: outside the workspace as written. */
  | { kind: 'outside'; resolved: string }
  /**
   * Inside as written, but a symbolic link on the way (`link`, relative to the root) leads out
   * to `target`; `named`: the link is the path named itself, not a folder on its way.
   */
  | { kind: 'symlink'; link: string; target: string; named: boolean }
  /** A symbolic link that leads back to itself: nothing to open. */
  | { kind: 'symlink-loop'; link: string }

export type PathCheck =
  /** `path`: absolute, as written; `real`: with every link resolved, the file to open. */
  | { ok: true; path: string; real: string }
  | { ok: false; refusal: Refusal }

// Linux gives up after 40 links in one lookup; so does this.
const MAX_LINKS = 40

/** Whether `path` is `dir` or lies under it, by the names alone (no file is looked at). */
export function isWithin(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  // `..foo` is a name inside; only `..` itself or `../…` leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/**
 * Why `value` cannot be a path on this system, or null: an address (`file:`, `http:`…) or a
 * Windows path (drive letter, UNC share, backslashes). Pure: looks at the text only.
 */
export function foreignPathForm(value: string): Refusal | null {
  // Before the scheme test: `C:` would read as a one-letter scheme.
  if (/^[a-z]:/i.test(value) || value.startsWith('\\\\') || value.includes('\\')) return { kind: 'windows-path' }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)
  return scheme ? { kind: 'address', scheme: scheme[1]!.toLowerCase() } : null
}

/**
 * The real path of `path`: every symbolic link resolved, also for a file that does not exist
 * yet (its nearest existing folder resolved, the rest appended) and a dangling link (its
 * target, where a write would go). Null when links loop.
 */
export function realPathOf(path: string, linksLeft = MAX_LINKS): string | null {
  try {
    return realpathSync.native(path)
  } catch {
    // missing, dangling or looping: look at the last name ourselves
  }
  const parent = dirname(path)
  const realParent = parent === path ? parent : realPathOf(parent, linksLeft)
  if (realParent === null) return null
  const here = parent === path ? path : join(realParent, basename(path))
  let target: string | null = null
  try {
    if (lstatSync(here).isSymbolicLink()) target = readlinkSync(here)
  } catch {
    // does not exist: a file still to be written
  }
  if (target === null) return here
  if (linksLeft <= 0) return null
  return realPathOf(resolve(realParent, target), linksLeft - 1)
}

/**
 * The first symbolic link on the way from `root` to `path` (both absolute, `path` under
 * `root` as written) whose real target is not under `realRoot`, relative to `root`.
 */
function linkLeaving(root: string, path: string, realRoot: string): { link: string; target: string | null; named: boolean } | null {
  let at = root
  for (const name of relative(root, path).split(sep).filter(Boolean)) {
    at = join(at, name)
    let isLink = false
    try {
      isLink = lstatSync(at).isSymbolicLink()
    } catch {
      return null // the rest does not exist yet
    }
    if (!isLink) continue
    const target = realPathOf(at)
    if (target === null || !isWithin(realRoot, target)) return { link: relative(root, at) || '.', target, named: at === path }
  }
  return null
}

/**
 * Whether `path` (absolute, or relative to the current folder) really lies inside the folder
 * `root`, symbolic links in both resolved. A path that does not exist yet counts by its
 * nearest existing folder.
 */
export function insideWorkspace(root: string, path: string): boolean {
  const realRoot = realPathOf(resolve(root))
  const real = realPathOf(resolve(path))
  return realRoot !== null && real !== null && isWithin(realRoot, real)
}

/**
 * Checks `value`, a path written in content or config, relative to the folder `base`,
 * against the folder `root` it must stay in. On success gives the file to open (`real`);
 * otherwise why not.
 */
export function checkPath(root: string, base: string, value: string): PathCheck {
  const foreign = foreignPathForm(value)
  if (foreign) return { ok: false, refusal: foreign }
  const absoluteRoot = resolve(root)
  const path = resolve(base, value)
  const realRoot = realPathOf(absoluteRoot) ?? absoluteRoot
  const real = realPathOf(path)
  if (real !== null && isWithin(realRoot, real)) return { ok: true, path, real }
  // Written inside the root (or its real folder): some link on the way leads out.
  for (const start of [absoluteRoot, realRoot]) {
    if (!isWithin(start, path)) continue
    const leaving = linkLeaving(start, path, realRoot)
    if (leaving?.target === null) return { ok: false, refusal: { kind: 'symlink-loop', link: leaving.link } }
    if (leaving) return { ok: false, refusal: { kind: 'symlink', link: leaving.link, target: leaving.target, named: leaving.named } }
  }
  if (real === null) return { ok: false, refusal: { kind: 'symlink-loop', link: relative(absoluteRoot, path) } }
  return { ok: false, refusal: { kind: 'outside', resolved: path } }
}

/**
 * The message for a refused path: `what` names the value's role (`the image`), `fix` says
 * what to do instead. Every message names the value in backticks.
 */
export function refusalMessage(what: string, value: string, refusal: Refusal, root: string, fix: string): string {
  const shown = `${what ? `${what} ` : ''}\`${value}\``
  const workspace = `the workspace \`${root}\``
  switch (refusal.kind) {
    case 'address':
      return `${shown} is a \`${refusal.scheme}:\` address, not a path in the workspace; ${fix}`
    case 'windows-path':
      return `${shown} is a Windows path (a drive letter, a \\\\server share or backslashes); write it with forward slashes, relative to the workspace; ${fix}`
    case 'outside':
      return `${shown} is outside ${workspace}${refusal.resolved === value ? '' : ` (it leads to \`${refusal.resolved}\`)`}; ${fix}`
    case 'symlink':
      if (refusal.named) return `${shown} is a symbolic link to \`${refusal.target}\`, outside ${workspace}; ${fix}`
      return `${shown} goes through the symbolic link \`${refusal.link}\` to \`${refusal.target}\`, outside ${workspace}; ${fix}`
    case 'symlink-loop':
      return `${shown} goes through the symbolic link \`${refusal.link}\`, which loops back on itself; ${fix}`
  }
}
