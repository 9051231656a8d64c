/** Every exit code `brief` uses. Scripts may rely on these. */
export const EXIT = {
  /** Done; warnings may have been printed. */
  ok: 0,
  /** Done, but the content has errors (diagnostics of severity `error`). */
  contentErrors: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A file could not be read or written. */
  io: 3,
  /** A bug in briefkit; please report it. */
  internal: 70,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An error the user can fix; printed without a stack trace. */
export class UserError extends Error {
  readonly exitCode: ExitCode

  constructor(message: string, exitCode: ExitCode = EXIT.usage) {
    super(message)
    this.name = 'UserError'
    this.exitCode = exitCode
  }
}
