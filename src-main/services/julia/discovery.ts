// Finding the `julia` the REPL runs: the `julia.executablePath` setting (and then only there),
// else PATH, else ~/.juliaup/bin — the same lookup `kiln doctor` does (doctor/context.ts `locate`).
//
// Channels: `julia.channel` (e.g. `1.12`, `release`) is passed as `julia +channel` only when the
// julia found is juliaup's launcher. A plain julia binary would take `+1.12` for a script file
// and fail, so there the channel is left out (JuliaInstall.channel stays null and the log says
// why). The launcher is recognised by its real name (`julialauncher`, what juliaup installs and
// links `julia` to) or by a `juliaup` program beside it.
import { constants } from 'node:fs'
import { access, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { JuliaInstall } from '../../../src-preload/contract'
import type { Logger } from '../../lib/log'
import { locate, run, whyFailed, type ProbeContext } from '../doctor/context'
import type { ExecFn } from '../doctor/exec'
import { INSTALL_JULIAUP } from '../doctor/probes-julia'

export const CHANNEL_PATTERN = /^[A-Za-z0-9._+~-]+$/
export const NEEDS_FOR_JULIAC = [1, 12] as const

export type JuliaProblem = { message: string; fix: string }
export type Discovery =
  | { install: JuliaInstall; versionNote: string | null; problem: null }
  | { install: null; versionNote: null; problem: JuliaProblem }

export interface DiscoveryOptions {
  setting: (key: 'julia.executablePath' | 'julia.channel') => string
  env: NodeJS.ProcessEnv
  home: string
  exec: ExecFn
  log: Logger
  /** Limit for `julia --version` (a cold juliaup launcher can take a few seconds). */
  timeoutMs?: number
}

const versionParts = (v: string): [number, number] => {
  const [major = 0, minor = 0] = v.split(/[.+-]/).map((n) => Number.parseInt(n, 10))
  return [Number.isNaN(major) ? 0 : major, Number.isNaN(minor) ? 0 : minor]
}

export const atLeast = (version: string, want: readonly [number, number]): boolean => {
  const [major, minor] = versionParts(version)
  return major > want[0] || (major === want[0] && minor >= want[1])
}

/** The shared environment Julia uses by default for a version: '1.12.1' -> '@v1.12'. */
export const sharedEnvFor = (version: string): string => {
  const [major, minor] = versionParts(version)
  return `@v${major}.${minor}`
}

export function versionNote(version: string): string | null {
  if (atLeast(version, NEEDS_FOR_JULIAC)) return null
  return `Julia ${version} is older than 1.12: juliac and Reactant need Julia 1.12 or newer (juliaup add release)`
}

const isExecutable = (p: string): Promise<boolean> => access(p, constants.X_OK).then(() => true, () => false)

/** True when `path` is juliaup's launcher rather than a Julia binary. */
export async function isJuliaupLauncher(path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => path)
  if (/^julialauncher(\.exe)?$/i.test(basename(real))) return true
  const exe = process.platform === 'win32' ? 'juliaup.exe' : 'juliaup'
  for (const dir of new Set([dirname(path), dirname(real)])) if (await isExecutable(join(dir, exe))) return true
  return false
}

export class JuliaLocator {
  /** `julia --version` answers, per path and channel, valid while the file's mtime is unchanged. */
  private readonly versions = new Map<string, { mtimeMs: number; version: string }>()

  constructor(private readonly opts: DiscoveryOptions) {}

  /** The configured channel when it is well formed, else null (a bad one is logged and ignored). */
  channel(): string | null {
    const raw = this.opts.setting('julia.channel').trim()
    if (raw === '') return null
    if (CHANNEL_PATTERN.test(raw)) return raw
    this.opts.log.warn(`julia.channel "${raw.slice(0, 60)}" is not a juliaup channel name (letters, digits, . _ + ~ -); ignored`)
    return null
  }

  async find(): Promise<Discovery> {
    const ctx = this.context()
    const loc = await locate(ctx, 'julia', { setting: 'julia.executablePath', places: [join(this.opts.home, '.juliaup', 'bin', 'julia')] })
    if (!loc) {
      return fail('Julia was not found on PATH or in ~/.juliaup/bin', `${INSTALL_JULIAUP}   # installs juliaup and the latest Julia`)
    }
    if ('error' in loc) return fail(loc.error, loc.fix)
    const via = loc.via === 'PATH' ? 'PATH' : loc.via.startsWith('setting') ? 'setting' : 'juliaup'
    let channel = this.channel()
    if (channel && !(await isJuliaupLauncher(loc.path))) {
      this.opts.log.warn(`julia.channel is ${channel}, but ${loc.path} is not juliaup's launcher: the channel is not used`)
      channel = null
    }
    const args = channel ? [`+${channel}`, '--version'] : ['--version']
    const key = `${loc.path}\0${channel ?? ''}`
    const mtimeMs = await stat(loc.path).then((s) => s.mtimeMs, () => -1)
    const cached = this.versions.get(key)
    let version = cached && cached.mtimeMs === mtimeMs ? cached.version : null
    if (!version) {
      const r = await run(ctx, loc.path, args)
      version = /julia version (\S+)/i.exec(r.stdout)?.[1] ?? null
      if (r.code !== 0 || !version) {
        const cmd = `${loc.path} ${args.join(' ')}`
        const fix = channel ? `juliaup add ${channel}   # or change the julia.channel setting` : `reinstall Julia: ${INSTALL_JULIAUP}`
        return fail(whyFailed(cmd, r), fix)
      }
      this.versions.set(key, { mtimeMs, version })
    }
    return { install: { path: loc.path, version, via, channel }, versionNote: versionNote(version), problem: null }
  }

  private context(): ProbeContext {
    const o = this.opts
    return {
      env: o.env,
      home: o.home,
      sysfsRoot: '/sys',
      procRoot: '/proc',
      exec: o.exec,
      timeoutMs: o.timeoutMs ?? 10_000,
      slowTimeoutMs: o.timeoutMs ?? 10_000,
      setting: (key) => (key === 'julia.executablePath' ? o.setting(key) : ''),
      totalmem: () => 0,
    }
  }
}

const fail = (message: string, fix: string): Discovery => ({ install: null, versionNote: null, problem: { message, fix } })
