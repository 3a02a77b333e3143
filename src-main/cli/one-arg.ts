// The argument shape most `kiln` commands share: `kiln CMD THING [--json]`, with -h/--help.
import type { CliIo } from '../cli'

/**
 * The one positional argument and whether --json was given; or the exit code when the command is
 * done already: 0 after printing the help, 2 after a usage error (reason, then the usage, on stderr).
 */
export function oneArg(command: string, what: 'FILE' | 'DIR', argv: string[], usage: string, io: CliIo): { arg: string; json: boolean } | number {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(usage)
    return 0
  }
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--json')
  const args = argv.filter((a) => !a.startsWith('-'))
  if (unknown || args.length !== 1) {
    const why = unknown ? `unknown option ${unknown}` : args.length === 0 ? `no ${what} given` : `give one ${what}`
    io.stderr(`kiln ${command}: ${why}\n\n${usage}`)
    return 2
  }
  return { arg: args[0]!, json: argv.includes('--json') }
}
