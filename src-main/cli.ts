// The `kiln` command line: serve, outline, symbols, doctor, --help, --version. bin/kiln.js calls runCli.
// Commands load lazily so `kiln --version` does not pay for the browser host or tree-sitter.
import { join } from 'node:path'
import { version } from '../package.json'
import type { CliIo } from './serve/cli-command'

export type { CliIo }
export type Command = (argv: string[], io: CliIo) => Promise<number>

export const USAGE = `Usage: kiln <command> [options]

Commands:
  serve [--port N] [--host H] [FOLDER]  serve Kiln to a web browser (127.0.0.1 unless --host)
  outline FILE [--json]                 print the modules, functions, macros, structs and
                                        constants of a Julia file
  symbols DIR [--json]                  print the definitions of every Julia file under DIR
                                        (the workspace symbol index)
  doctor [--json]                       report the tools Kiln found, and how to get the missing ones
  build [NAME] [--force] [--json]       build a configuration of .kiln/builds.json with juliac
                                        (exit 0 built, 1 failed, 2 bad input)
  juliac-log FILE [--json]              list the errors and warnings in a saved juliac build log
  inspect BINARY [--json]               the ELF report: PIE, NX, RELRO, canary, FORTIFY, RUNPATH,
                                        and each needed library resolved (missing ones flagged)
  gguf FILE [--json]                    read a GGUF model's header: architecture, parameters,
                                        quantization, context, layers, heads, chat template
  engine --model FILE [--port N] ...    serve a GGUF model over llama-server's HTTP API
                                        (the embedded engine; kiln engine --help for options)
  monitor [--json] [--once] [--interval MS] [--replay KEY=PATH,...]
                                        CPU, memory, GPUs (GTT, VRAM, busy, °C, W), Kiln's
                                        processes and model headroom, one sample a line

Options:
  -h, --help       show this help (kiln <command> --help for a command)
  -v, --version    print the version
`

/** The built renderer sits beside the built main scripts: out/main/cli.js -> out/renderer. */
const rendererDir = (): string => join(__dirname, '..', 'renderer')

const serve: Command = async (argv, io) => {
  const [{ serveCommand, processStopRequested }, { startBrowserHost }, { userDataDir }] = await Promise.all([
    import('./serve/cli-command'),
    import('./serve'),
    import('./lib/user-data'),
  ])
  return serveCommand(argv, io, {
    rendererDir: rendererDir(),
    userDataDir,
    startHost: startBrowserHost,
    stopRequested: processStopRequested,
    cwd: process.cwd(),
  })
}

export const defaultCommands: Record<string, Command> = {
  serve,
  outline: async (argv, io) => (await import('./cli/outline')).outlineCommand(argv, io),
  symbols: async (argv, io) => (await import('./cli/symbols')).symbolsCommand(argv, io),
  doctor: async (argv, io) => (await import('./cli/doctor')).doctorCommand(argv, io),
  build: async (argv, io) => (await import('./cli/build')).buildCommand(argv, io),
  'juliac-log': async (argv, io) => (await import('./cli/juliac-log')).juliacLogCommand(argv, io),
  inspect: async (argv, io) => (await import('./cli/inspect')).inspectCommand(argv, io),
  gguf: async (argv, io) => (await import('./cli/gguf')).ggufCommand(argv, io),
  engine: async (argv, io) => (await import('./cli/engine')).engineCommand(argv, io),
  monitor: async (argv, io) => (await import('./cli/monitor')).monitorCommand(argv, io),
}

export const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
}

/** Runs one command; resolves with the exit status (2 for a usage error). */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
  commands: Record<string, Command> = defaultCommands,
): Promise<number> {
  const [name, ...rest] = argv
  if (name === '-h' || name === '--help' || name === 'help') {
    io.stdout(USAGE)
    return 0
  }
  if (name === '-v' || name === '--version') {
    io.stdout(`kiln ${version}\n`)
    return 0
  }
  if (name === undefined) {
    io.stderr(USAGE)
    return 2
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) {
    io.stderr(`kiln: unknown command '${name.slice(0, 100)}'\n\n${USAGE}`)
    return 2
  }
  return command(rest, io)
}
