import { runCli } from './main.js'

// Entry point of the `brief` command.
process.exitCode = await runCli(process.argv.slice(2))
