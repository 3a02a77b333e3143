// `kiln doctor`: what Kiln found on this machine and what is missing, each missing piece with the
// command that installs or fixes it. Every probe runs concurrently with its own time limit, so a
// tool that hangs costs its limit and nothing more.
import { homedir, totalmem } from 'node:os'
import type { DoctorProbe, DoctorReport } from '../../../src-preload/contract'
import type { StringSettingKey } from '../settings/schema'
import type { PathSettingKey, ProbeContext } from './context'
import { execProbe, type ExecFn } from './exec'
import { probeAmdSmi, probeLlamaServer, probeNvidiaSmi, probeRocmSmi, probeVulkan } from './probes-gpu'
import { probeJulia, probeJuliac, probeJuliaup } from './probes-julia'
import { probeGtt, probeMemory } from './probes-system'
import { probeEngine } from './probes-engine'

export interface DoctorServiceOptions {
  /** The settings service (or anything that reads string settings): the tool-path settings win. */
  settings: { getString(key: StringSettingKey): string }
  env?: NodeJS.ProcessEnv
  home?: string
  sysfsRoot?: string
  procRoot?: string
  exec?: ExecFn
  /** Limit for one quick program run (default 5 s). */
  timeoutMs?: number
  /** Limit for runs that start Julia to load JuliaC (default 30 s). */
  slowTimeoutMs?: number
  totalmem?: () => number
  /** Where the embedded engine is installed (default: engine/ found beside Kiln). */
  engineDir?: () => Promise<string>
}

/** Slack on top of a probe's own limits before it is reported as stuck (it never should be). */
const GUARD_MS = 2_000

export class DoctorService {
  constructor(private readonly opts: DoctorServiceOptions) {}

  async run(): Promise<DoctorReport> {
    const t0 = performance.now()
    const ctx = this.context()
    const guard = ctx.slowTimeoutMs * 2 + ctx.timeoutMs + GUARD_MS
    const julia = probeJulia(ctx)
    const probes = await Promise.all([
      settle('julia', 'Julia', julia.then((j) => j.probe), guard),
      settle('juliaup', 'juliaup', probeJuliaup(ctx), guard),
      settle('juliac', 'juliac (JuliaC.jl)', julia.then((j) => probeJuliac(ctx, j.julia), () => probeJuliac(ctx, null)), guard),
      settle('llama-server', 'llama-server (llama.cpp)', probeLlamaServer(ctx), guard),
      settle('engine', 'Embedded engine (node-llama-cpp)', probeEngine(this.opts.engineDir), guard),
      settle('rocm-smi', 'rocm-smi', probeRocmSmi(ctx), guard),
      settle('amd-smi', 'amd-smi', probeAmdSmi(ctx), guard),
      settle('nvidia-smi', 'nvidia-smi', probeNvidiaSmi(ctx), guard),
      settle('vulkaninfo', 'vulkaninfo (Vulkan)', probeVulkan(ctx), guard),
      settle('gtt', 'GPU memory (GTT)', probeGtt(ctx), guard),
      settle('memory', 'System memory', probeMemory(ctx), guard),
    ])
    return { probes, durationMs: Math.round(performance.now() - t0) }
  }

  private context(): ProbeContext {
    const o = this.opts
    return {
      env: o.env ?? process.env,
      home: o.home ?? homedir(),
      sysfsRoot: o.sysfsRoot ?? '/sys',
      procRoot: o.procRoot ?? '/proc',
      exec: o.exec ?? execProbe,
      timeoutMs: o.timeoutMs ?? 5_000,
      slowTimeoutMs: o.slowTimeoutMs ?? 30_000,
      setting: (key: PathSettingKey) => o.settings.getString(key),
      totalmem: o.totalmem ?? totalmem,
    }
  }
}

/** A probe that throws or overruns becomes an 'error' row instead of failing the whole report. */
function settle(id: string, label: string, probe: Promise<DoctorProbe>, guardMs: number): Promise<DoctorProbe> {
  let timer: NodeJS.Timeout | undefined
  const stuck = new Promise<DoctorProbe>((resolve) => {
    timer = setTimeout(() => resolve({ id, label, status: 'error', detail: `the check did not finish within ${guardMs} ms` }), guardMs)
    timer.unref()
  })
  const done = probe.catch(
    (e: unknown): DoctorProbe => ({ id, label, status: 'error', detail: `the check failed: ${e instanceof Error ? e.message : String(e)}` }),
  )
  return Promise.race([done, stuck]).finally(() => clearTimeout(timer))
}
