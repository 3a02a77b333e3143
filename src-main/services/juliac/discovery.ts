// Finding juliac for builds: the doctor's own lookup (probes-julia.ts `findJuliac`), with the
// `juliac.executablePath` and `julia.executablePath` settings, turned into the contract's
// JuliacStatus. juliac needs Julia 1.12+: an older Julia is a problem with the command that fixes it.
import { homedir, totalmem } from 'node:os'
import type { JuliacStatus } from '../../../src-preload/contract'
import type { PathSettingKey, ProbeContext } from '../doctor/context'
import { execProbe, type ExecFn } from '../doctor/exec'
import { atLeast, findJuliac, juliacFix, probeJulia } from '../doctor/probes-julia'

export interface JuliacDiscoveryOptions {
  setting: (key: PathSettingKey) => string
  env?: NodeJS.ProcessEnv
  home?: string
  exec?: ExecFn
  timeoutMs?: number
  slowTimeoutMs?: number
}

/** The status; `command` is the argument vector that runs juliac (null when there is none). */
export type JuliacDiscovery = JuliacStatus

export async function discoverJuliac(o: JuliacDiscoveryOptions): Promise<JuliacDiscovery> {
  const ctx: ProbeContext = {
    env: o.env ?? process.env,
    home: o.home ?? homedir(),
    sysfsRoot: '/sys',
    procRoot: '/proc',
    exec: o.exec ?? execProbe,
    timeoutMs: o.timeoutMs ?? 5_000,
    slowTimeoutMs: o.slowTimeoutMs ?? 30_000,
    setting: o.setting,
    totalmem,
  }
  const { julia } = await probeJulia(ctx)
  const r = await findJuliac(ctx, julia)
  if (!r.found) {
    return { found: false, command: null, version: null, juliaVersion: julia?.version ?? null, problem: { message: `juliac not found: ${r.problem.detail}`, fix: r.problem.fix } }
  }
  const juliaVersion = r.found.juliaVersion ?? julia?.version ?? null
  if (juliaVersion && !atLeast(juliaVersion, [1, 12])) {
    return {
      found: false,
      command: r.found.command,
      version: r.found.version,
      juliaVersion,
      problem: { message: `juliac needs Julia 1.12+, and this juliac runs on Julia ${juliaVersion}`, fix: juliacFix({ path: julia?.path ?? 'julia', version: juliaVersion }) },
    }
  }
  return { found: true, command: r.found.command, version: r.found.version, juliaVersion, problem: null }
}
