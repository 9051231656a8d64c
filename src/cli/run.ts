import { runCli } from './main.js'
import { boundRegexBacktracking } from './regex-guard.js'

// Entry point of the `brief` command.
boundRegexBacktracking()
process.exitCode = await runCli(process.argv.slice(2))
