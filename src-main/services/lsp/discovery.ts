// Which language server to run, from the `julia.languageServer` and `julia.languageServerPath`
// settings and what is installed. Nothing is ever installed here; 'auto' only picks a server that
// is already there.
//
// - JETLS installs a `jetls` app (`Pkg.Apps.add(url="https://github.com/aviatesk/JETLS.jl",
//   rev="release")`, into ~/.julia/bin; JETLS docs "Launching JETLS"). It is launched the way its
//   own VS Code client does (aviatesk/jetls-vscode src/preflight.ts): `jetls --threads=auto --
//   serve`, stdio being `serve`'s default channel.
// - LanguageServer.jl runs inside Julia: `julia --project=<env with LanguageServer> -e "using
//   LanguageServer; runserver()" [<project>]` (LanguageServer.jl src/runserver.jl: ARGS[1] is the
//   environment whose packages it analyses). The environment is a depot environment whose
//   Project.toml lists LanguageServer and whose Manifest resolves it (the layout nvim-lspconfig's
//   `julials` uses: ~/.julia/environments/nvim-lspconfig).
//
// 'auto' prefers LanguageServer.jl (the mature server julia-vscode ships) over JETLS, which its
// authors call experimental.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, delimiter, isAbsolute, join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { findOnPath, isExecutableFile } from '../doctor/exec'

export type ServerChoice = 'auto' | 'off' | 'LanguageServer.jl' | 'JETLS'

export type LaunchPlan =
  | {
      kind: 'launch'
      name: string
      command: string
      args: string[]
      cwd: string
      via: string
      /** `name` is only the program's file name: the server's own (initialize's serverInfo) replaces it. */
      nameFromServer?: boolean
    }
  | { kind: 'absent'; message: string }
  | { kind: 'error'; name: string | null; message: string }

export interface DiscoveryContext {
  /** 'julia.languageServer' */
  choice: string
  /** 'julia.languageServerPath' (a machine setting: only the user's own settings set it). */
  commandSetting: string
  /** 'julia.executablePath' */
  juliaSetting: string
  /** The workspace root the server will analyse. */
  root: string
  env: NodeJS.ProcessEnv
  home: string
}

export const INSTALL_JETLS = `julia -e 'using Pkg; Pkg.Apps.add(; url="https://github.com/aviatesk/JETLS.jl", rev="release")'`
export const INSTALL_LANGUAGESERVER = `julia --project=@kiln-languageserver -e 'using Pkg; Pkg.add("LanguageServer")'`

export const JETLS_ARGS = ['--threads=auto', '--', 'serve']
const NO_LS_ENV = `no depot environment has LanguageServer installed; install it with: ${INSTALL_LANGUAGESERVER}`
const LS_CODE = 'using LanguageServer; runserver()'
const LS_JULIA_FLAGS = ['--startup-file=no', '--history-file=no']

/** Splits a command line into words: whitespace separates, quotes group, backslash escapes. No shell runs it. */
export function splitCommand(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let quote: '"' | "'" | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i]
      else word += c
    } else if (c === '"' || c === "'") {
      quote = c
      inWord = true
    } else if (c === '\\' && i + 1 < line.length && process.platform !== 'win32') {
      word += line[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

const depots = (ctx: DiscoveryContext): string[] => {
  // An empty entry in JULIA_DEPOT_PATH stands for the default depot (Julia manual, "Environment Variables").
  const raw = (ctx.env.JULIA_DEPOT_PATH ?? '').split(delimiter).filter((d) => d === '' || isAbsolute(d))
  const list = raw.length === 0 ? [''] : raw
  return [...new Set(list.map((d) => (d === '' ? join(ctx.home, '.julia') : d)))]
}

async function findJulia(ctx: DiscoveryContext): Promise<string | null> {
  const configured = ctx.juliaSetting.trim()
  if (configured !== '') return (await isExecutableFile(configured)) ? configured : null
  const juliaup = join(ctx.home, '.juliaup', 'bin', 'julia')
  return (await findOnPath('julia', ctx.env.PATH)) ?? ((await isExecutableFile(juliaup)) ? juliaup : null)
}

async function findJetls(ctx: DiscoveryContext): Promise<string | null> {
  const onPath = await findOnPath('jetls', ctx.env.PATH)
  if (onPath) return onPath
  for (const depot of depots(ctx)) {
    const candidate = join(depot, 'bin', process.platform === 'win32' ? 'jetls.bat' : 'jetls')
    if (await isExecutableFile(candidate)) return candidate
  }
  return null
}

const readToml = (file: string): Record<string, unknown> | null => {
  try {
    return parseToml(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return null
  }
}

/** Whether an environment folder has LanguageServer as a direct, resolved dependency. */
export function hasLanguageServer(envDir: string): boolean {
  const project = readToml(join(envDir, 'Project.toml'))
  const deps = project?.deps
  if (typeof deps !== 'object' || deps === null || !('LanguageServer' in deps)) return false
  let manifests: string[]
  try {
    manifests = readdirSync(envDir).filter((f) => /^(Julia)?Manifest(-v[\d.]+)?\.toml$/.test(f))
  } catch {
    return false
  }
  return manifests.some((m) => {
    const manifest = readToml(join(envDir, m))
    if (!manifest) return false
    // Manifest format 2.0 nests packages under [deps]; the older format lists them at the top.
    const v2 = manifest.deps
    return (typeof v2 === 'object' && v2 !== null && 'LanguageServer' in v2) || 'LanguageServer' in manifest
  })
}

/** Depot environments holding LanguageServer: named ones first (made for it), then `v1.x`, newest first. */
export function findLanguageServerEnv(ctx: DiscoveryContext): string | null {
  for (const depot of depots(ctx)) {
    const dir = join(depot, 'environments')
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    const versioned = (n: string) => /^v\d+\.\d+$/.test(n)
    const byVersion = (a: string, b: string) => b.localeCompare(a, 'en', { numeric: true })
    const ordered = [...names.filter((n) => !versioned(n)).sort(), ...names.filter(versioned).sort(byVersion)]
    for (const name of ordered) if (hasLanguageServer(join(dir, name))) return join(dir, name)
  }
  return null
}

const workspaceProject = (root: string): string | null =>
  existsSync(join(root, 'Project.toml')) || existsSync(join(root, 'JuliaProject.toml')) ? root : null

function languageServerArgs(env: string, root: string): string[] {
  const project = workspaceProject(root)
  return [...LS_JULIA_FLAGS, `--project=${env}`, '-e', LS_CODE, ...(project ? [project] : [])]
}

/** The explicit command from `julia.languageServerPath`. */
async function fromCommand(ctx: DiscoveryContext): Promise<LaunchPlan> {
  const line = ctx.commandSetting.trim()
  // A path that exists as written is one word even with spaces in it.
  const words = (await isExecutableFile(line)) ? [line] : splitCommand(line)
  const [program = '', ...rest] = words
  const command = isAbsolute(program) ? ((await isExecutableFile(program)) ? program : null) : await findOnPath(program, ctx.env.PATH)
  const choice = ctx.choice as ServerChoice
  if (!command) {
    return {
      kind: 'error',
      name: choice === 'JETLS' || choice === 'LanguageServer.jl' ? choice : null,
      message:
        `the julia.languageServerPath setting is ${JSON.stringify(line)}, and ${program} is not an executable program; ` +
        'correct the setting or clear it to let Kiln look for a server',
    }
  }
  const base = basename(command).replace(/\.(exe|bat|cmd)$/i, '').toLowerCase()
  let args = rest
  const chosen = choice === 'JETLS' || choice === 'LanguageServer.jl'
  const guessed = guessName(base, rest)
  let name = chosen ? choice : (guessed ?? basename(command))
  let nameFromServer = !chosen && (guessed === null || guessed === GENERIC_NAME)
  if (rest.length === 0 && base === 'jetls') {
    args = JETLS_ARGS
    name = 'JETLS'
    nameFromServer = false
  } else if (rest.length === 0 && base === 'julia') {
    const env = findLanguageServerEnv(ctx)
    if (!env) return { kind: 'error', name: 'LanguageServer.jl', message: NO_LS_ENV }
    args = languageServerArgs(env, ctx.root)
    name = 'LanguageServer.jl'
    nameFromServer = false
  }
  const plan: LaunchPlan = { kind: 'launch', name, command, args, cwd: ctx.root, via: 'setting julia.languageServerPath' }
  return nameFromServer ? { ...plan, nameFromServer } : plan
}

const GENERIC_NAME = 'Language server'
/** Programs that run a server written in them: their own name says nothing about the server. */
const INTERPRETERS = new Set(['node', 'nodejs', 'deno', 'bun', 'python', 'python3', 'julia', 'sh', 'bash', 'java'])

/**
 * A name for a configured command before the server names itself: a known server mentioned in its
 * arguments (`julia … -e "using LanguageServer; runserver()"`), 'Language server' for an
 * interpreter running something else, null when the program's own name will do (`my-jetls`).
 */
function guessName(program: string, args: readonly string[]): string | null {
  if (args.some((a) => /\bLanguageServer\b/.test(a))) return 'LanguageServer.jl'
  if (args.some((a) => /\bJETLS\b/.test(a))) return 'JETLS'
  return INTERPRETERS.has(program) ? GENERIC_NAME : null
}

async function planJetls(ctx: DiscoveryContext): Promise<LaunchPlan | null> {
  const jetls = await findJetls(ctx)
  return jetls ? { kind: 'launch', name: 'JETLS', command: jetls, args: JETLS_ARGS, cwd: ctx.root, via: jetls } : null
}

async function planLanguageServer(ctx: DiscoveryContext): Promise<LaunchPlan | null> {
  const env = findLanguageServerEnv(ctx)
  if (!env) return null
  const julia = await findJulia(ctx)
  if (!julia) {
    return { kind: 'error', name: 'LanguageServer.jl', message: `LanguageServer is installed in ${env}, but no julia was found (set julia.executablePath)` }
  }
  const args = languageServerArgs(env, ctx.root)
  return { kind: 'launch', name: 'LanguageServer.jl', command: julia, args, cwd: ctx.root, via: env }
}

export async function discoverLanguageServer(ctx: DiscoveryContext): Promise<LaunchPlan> {
  const choice = ctx.choice as ServerChoice
  if (choice === 'off') return { kind: 'absent', message: 'the language server is off (julia.languageServer); Kiln’s own index answers' }
  if (ctx.commandSetting.trim() !== '') return fromCommand(ctx)
  if (choice === 'JETLS') {
    const message = `jetls is not on PATH or in ~/.julia/bin; install it with: ${INSTALL_JETLS}`
    return (await planJetls(ctx)) ?? { kind: 'error', name: 'JETLS', message }
  }
  if (choice === 'LanguageServer.jl') {
    return (await planLanguageServer(ctx)) ?? { kind: 'error', name: 'LanguageServer.jl', message: NO_LS_ENV }
  }
  const ls = await planLanguageServer(ctx)
  if (ls?.kind === 'launch') return ls
  const jetls = await planJetls(ctx)
  if (jetls) return jetls
  if (ls) return ls // LanguageServer is installed but cannot run: say why
  return { kind: 'absent', message: 'no Julia language server is installed (LanguageServer.jl or JETLS); Kiln’s own index answers' }
}
