// The juliac command line for a configuration, in JuliaC.jl's terms (README "CLI reference"):
// `--output-exe NAME` (a bare name; `--bundle DIR` chooses where it goes), `--output-lib` /
// `--output-sysimage`, `--trim=MODE`, `--experimental`, `--compile-ccallable`, `--privatize`,
// `--project`, then the user's extra arguments and the entry last. JuliaC has no `--cpu-target`
// option (its `_parse_cli_args` refuses one): the CPU target travels in `JULIA_CPU_TARGET`.
// Paths come in already resolved (absolute for a local build, relative for a CI workflow).
import type { BuildConfig, BuildTrim } from '../../../src-preload/contract'

export type CommandPaths = { entry: string; project: string | null; bundle: string | null }

const OUTPUT_FLAG = { exe: '--output-exe', lib: '--output-lib', sysimage: '--output-sysimage' } as const

export function juliacArgs(config: BuildConfig, paths: CommandPaths, trim: BuildTrim = config.trim): string[] {
  const args: string[] = [OUTPUT_FLAG[config.output], config.name]
  if (paths.bundle !== null) args.push('--bundle', paths.bundle)
  if (trim !== 'no') args.push(`--trim=${trim}`)
  if (config.experimental) args.push('--experimental')
  if (config.compileCcallable) args.push('--compile-ccallable')
  if (config.privatize) args.push('--privatize')
  if (paths.project !== null) args.push('--project', paths.project)
  args.push(...config.extraArgs)
  args.push(paths.entry)
  return args
}

/** The environment juliac needs beyond the user's: the CPU target. */
export const juliacEnv = (config: BuildConfig): Record<string, string> => (config.cpuTarget !== null ? { JULIA_CPU_TARGET: config.cpuTarget } : {})

/** The command line as shown in metrics and manifests: the environment it needs, then the arguments. */
export const displayFlags = (config: BuildConfig, args: readonly string[]): string[] => [
  ...Object.entries(juliacEnv(config)).map(([k, v]) => `${k}=${v}`),
  ...args,
]

/** POSIX shell quoting, for command lines shown to the user or written into scripts. */
export const shellQuote = (arg: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)
export const shellLine = (argv: readonly string[]): string => argv.map(shellQuote).join(' ')
