// Julia, juliaup and juliac (JuliaC.jl).
// Output formats, from the tools themselves:
//   `julia --version`   -> "julia version 1.12.1"
//   `juliaup --version` -> "Juliaup 1.6.3" (JuliaLang/juliaup#306)
//   `juliac --version`  -> "juliac version 0.2.1, julia version 1.12.1" (JuliaC.jl src/JuliaC.jl,
//                          `_print_version`); older JuliaC has no --version but answers --help.
import { join } from 'node:path'
import type { DoctorProbe } from '../../../src-preload/contract'
import { broken, found, locate, missing, run, whyFailed, type ProbeContext } from './context'

export const INSTALL_JULIAUP = 'curl -fsSL https://install.julialang.org | sh'
export const INSTALL_JULIAC = `julia -e 'using Pkg; Pkg.Apps.add("JuliaC")'`
const JULIAC_NEEDS = [1, 12] as const

export type JuliaFound = { path: string; version: string | null }

const JULIA = { id: 'julia', label: 'Julia' }
const JULIAUP = { id: 'juliaup', label: 'juliaup' }
const JULIAC = { id: 'juliac', label: 'juliac (JuliaC.jl)' }

const juliaupBin = (ctx: ProbeContext, name: string): string => join(ctx.home, '.juliaup', 'bin', name)

/** The depot's `bin` folder, where `Pkg.Apps` puts app shims such as `juliac`. */
function depotBin(ctx: ProbeContext): string {
  const first = (ctx.env.JULIA_DEPOT_PATH ?? '').split(process.platform === 'win32' ? ';' : ':')[0]
  return join(first ? first : join(ctx.home, '.julia'), 'bin')
}

export const atLeast = (version: string, want: readonly [number, number]): boolean => {
  const [major = 0, minor = 0] = version.split(/[.+-]/).map((n) => Number.parseInt(n, 10))
  return major > want[0] || (major === want[0] && minor >= want[1])
}

export async function probeJulia(ctx: ProbeContext): Promise<{ probe: DoctorProbe; julia: JuliaFound | null }> {
  const loc = await locate(ctx, 'julia', { setting: 'julia.executablePath', places: [juliaupBin(ctx, 'julia')] })
  if (!loc) {
    return {
      probe: missing(JULIA, 'julia is not on PATH or in ~/.juliaup/bin', `${INSTALL_JULIAUP}   # installs juliaup and the latest Julia`),
      julia: null,
    }
  }
  if ('error' in loc) return { probe: broken(JULIA, loc.error, loc.fix), julia: null }
  const r = await run(ctx, loc.path, ['--version'])
  const version = /julia version (\S+)/i.exec(r.stdout)?.[1]
  if (r.code !== 0 || !version) {
    return {
      probe: broken(JULIA, whyFailed(`${loc.path} --version`, r), `reinstall Julia: ${INSTALL_JULIAUP}`, { path: loc.path }),
      julia: null,
    }
  }
  const note = atLeast(version, JULIAC_NEEDS) ? '' : ' — juliac needs Julia 1.12 or newer'
  return {
    probe: found(JULIA, `Julia ${version} (${loc.via})${note}`, { version, path: loc.path }),
    julia: { path: loc.path, version },
  }
}

export async function probeJuliaup(ctx: ProbeContext): Promise<DoctorProbe> {
  const loc = await locate(ctx, 'juliaup', { places: [juliaupBin(ctx, 'juliaup')] })
  if (!loc || 'error' in loc) return missing(JULIAUP, 'juliaup is not on PATH or in ~/.juliaup/bin', INSTALL_JULIAUP)
  const r = await run(ctx, loc.path, ['--version'])
  const version = /juliaup\s+v?(\d\S*)/i.exec(r.stdout)?.[1]
  if (r.code !== 0 || !version) return broken(JULIAUP, whyFailed(`${loc.path} --version`, r), INSTALL_JULIAUP, { path: loc.path })
  return found(JULIAUP, `juliaup ${version} (${loc.via})`, { version, path: loc.path })
}

/** How to get juliac, given what Julia there is. */
/** A command line the user can paste (the UI copies it whole): shell comments carry the words. */
export function juliacFix(julia: JuliaFound | null): string {
  if (!julia) return `${INSTALL_JULIAUP} && ${INSTALL_JULIAC}   # installs Julia, then JuliaC`
  if (julia.version && !atLeast(julia.version, JULIAC_NEEDS)) {
    return `juliaup add release && juliaup default release && ${INSTALL_JULIAC}   # juliac needs Julia 1.12+ (found ${julia.version})`
  }
  return `${INSTALL_JULIAC}   # or in the Pkg REPL: app add JuliaC; then put ~/.julia/bin on PATH`
}

/** A juliac found: the argument vector that runs it, its version and the Julia it runs on. */
export type JuliacFound = { command: string[]; version: string | null; juliaVersion: string | null; via: string }
export type JuliacLookup =
  | { found: JuliacFound; problem: null }
  | { found: null; problem: { status: 'missing' | 'error'; detail: string; fix: string; path?: string } }

/**
 * Where juliac is and how to run it (shared by `kiln doctor` and the build service): the
 * `juliac.executablePath` setting, PATH, the depot's bin folder, or `julia -m JuliaC`.
 */
export async function findJuliac(ctx: ProbeContext, julia: JuliaFound | null): Promise<JuliacLookup> {
  const fail = (status: 'missing' | 'error', detail: string, fix: string, path?: string): JuliacLookup => ({
    found: null,
    problem: { status, detail, fix, ...(path ? { path } : {}) },
  })
  const loc = await locate(ctx, 'juliac', { setting: 'juliac.executablePath', places: [join(depotBin(ctx), 'juliac')] })
  if (loc && 'error' in loc) return fail('error', loc.error, loc.fix)
  if (loc) {
    const r = await run(ctx, loc.path, ['--version'], true)
    const m = /juliac version (\S+?),?\s+julia version (\S+)/i.exec(r.stdout)
    if (r.code === 0 && m) return { found: { command: [loc.path], version: m[1] ?? null, juliaVersion: m[2] ?? null, via: loc.via }, problem: null }
    // Older JuliaC has no --version; a working --help is still a working juliac.
    const help = await run(ctx, loc.path, ['--help'], true)
    if (help.code === 0 && /juliac/i.test(help.stdout)) {
      return { found: { command: [loc.path], version: null, juliaVersion: julia?.version ?? null, via: loc.via }, problem: null }
    }
    return fail('error', whyFailed(`${loc.path} --version`, r), juliacFix(julia), loc.path)
  }
  if (!julia) return fail('missing', 'no juliac on PATH or in ~/.julia/bin, and no Julia to run JuliaC with', juliacFix(julia))
  // JuliaC installed as a package (not as an app) still runs as `julia -m JuliaC`.
  const command = [julia.path, '--startup-file=no', '-m', 'JuliaC']
  const r = await run(ctx, julia.path, [...command.slice(1), '--version'], true)
  const m = /juliac version (\S+?),?\s/i.exec(r.stdout)
  if (r.code === 0 && m) {
    return { found: { command, version: m[1] ?? null, juliaVersion: julia.version, via: '`julia -m JuliaC` (no juliac app on PATH)' }, problem: null }
  }
  if (r.failure === 'timeout') return fail('error', `no juliac app found, and ${whyFailed('julia -m JuliaC --version', r)}`, juliacFix(julia))
  return fail('missing', 'no juliac on PATH or in ~/.julia/bin, and JuliaC is not installed for this Julia', juliacFix(julia))
}

export async function probeJuliac(ctx: ProbeContext, julia: JuliaFound | null): Promise<DoctorProbe> {
  const r = await findJuliac(ctx, julia)
  if (r.problem) {
    const extra = r.problem.path ? { path: r.problem.path } : {}
    return r.problem.status === 'missing' ? missing(JULIAC, r.problem.detail, r.problem.fix) : broken(JULIAC, r.problem.detail, r.problem.fix, extra)
  }
  const f = r.found
  const path = f.command.join(' ')
  if (f.command.length > 1) return found(JULIAC, `juliac ${f.version} through \`julia -m JuliaC\` (no juliac app on PATH)`, { version: f.version ?? undefined, path: `${f.command[0]} -m JuliaC` })
  if (!f.version) return found(JULIAC, `juliac (${f.via}); version unknown`, { path })
  return found(JULIAC, `juliac ${f.version} on Julia ${f.juliaVersion} (${f.via})`, { version: f.version, path })
}
