// The juliac command line, the CI workflow and Dockerfile written from a configuration, and
// diagnostics' frames mapped into the workspace.
import { describe, expect, it } from 'vitest'
import { mapDiagnostics } from '../../src-main/services/juliac/build-log'
import { displayFlags, juliacArgs, juliacEnv, shellLine } from '../../src-main/services/juliac/command'
import { renderGenerated } from '../../src-main/services/juliac/ship/generate'
import { templatesDir } from '../../src-main/services/juliac/templates'
import { config } from './helpers'

describe('juliac command line', () => {
  it('puts every flag in JuliaC terms and the entry last', () => {
    const c = config({ trim: 'unsafe', compileCcallable: true, privatize: true, cpuTarget: 'znver4', extraArgs: ['--verbose'] })
    expect(juliacArgs(c, { entry: '/w/src/App.jl', project: '/w', bundle: '/w/build/app' })).toEqual([
      '--output-exe', 'app', '--bundle', '/w/build/app', '--trim=unsafe', '--experimental', '--compile-ccallable', '--privatize', '--project', '/w', '--verbose', '/w/src/App.jl',
    ])
    // JuliaC has no --cpu-target: the target goes in JULIA_CPU_TARGET.
    expect(juliacEnv(c)).toEqual({ JULIA_CPU_TARGET: 'znver4' })
    expect(displayFlags(c, ['x'])).toEqual(['JULIA_CPU_TARGET=znver4', 'x'])
  })

  it('leaves trim out for `no`, honours an override, and names libraries with --output-lib', () => {
    const c = config({ output: 'lib', trim: 'no', experimental: false, bundle: null, project: null })
    expect(juliacArgs(c, { entry: 'e.jl', project: null, bundle: null })).toEqual(['--output-lib', 'app', 'e.jl'])
    expect(juliacArgs(c, { entry: 'e.jl', project: null, bundle: null }, 'unsafe-warn')).toContain('--trim=unsafe-warn')
  })

  it('quotes for the shell only where needed', () => {
    expect(shellLine(['juliac', 'a b', "it's", 'plain/path.jl'])).toBe(`juliac 'a b' 'it'\\''s' plain/path.jl`)
  })
})

describe('generated CI workflow and Dockerfile', () => {
  it('GitHub Actions: Julia 1.12, JuliaC as an app, the same flags, run, upload', async () => {
    const yml = await renderGenerated('github', config({ cpuTarget: 'x86-64-v3' }), { templatesDir: await templatesDir(), hasRootProject: true, entryIsDir: false })
    expect(yml).toContain("version: '1.12'")
    expect(yml).toContain(`julia -e 'using Pkg; Pkg.Apps.add("JuliaC")'`)
    expect(yml).toContain('JULIA_CPU_TARGET=x86-64-v3 juliac --output-exe app --bundle build/app --trim=safe --experimental --project . src/App.jl')
    expect(yml).toContain('run: ./build/app/bin/app')
    expect(yml).toContain('actions/upload-artifact@v4')
    expect(yml).toContain("julia --project=. -e 'using Pkg; Pkg.instantiate()'")
    expect(yml).not.toMatch(/\{\{/)
  })

  it('runs juliac inside build/NAME for a bare executable, with paths relative to it', async () => {
    const yml = await renderGenerated('github', config({ bundle: null, entry: '.', project: null }), { templatesDir: await templatesDir(), hasRootProject: true, entryIsDir: true })
    expect(yml).toContain('cd build/app')
    expect(yml).toContain('juliac --output-exe app --trim=safe --experimental ../..\n')
    expect(yml).toContain('run: ./build/app/app')
  })

  it('Dockerfile: the bundle on debian:bookworm-slim', async () => {
    const d = await renderGenerated('docker', config(), { templatesDir: await templatesDir(), hasRootProject: true, entryIsDir: false })
    expect(d).toMatch(/^FROM debian:bookworm-slim$/m)
    expect(d).toContain('COPY build/app/ /opt/app/')
    expect(d).toContain('ENTRYPOINT ["/opt/app/bin/app"]')
  })
})

describe('diagnostic frames', () => {
  it('become workspace paths when they point inside it; relative ones are Base’s, never the workspace’s', () => {
    const [d] = mapDiagnostics(
      [{ severity: 'error', index: 1, message: 'unresolved call', frames: [
        { func: 'main', file: '/w/src/App.jl', line: 5 },
        { func: 'f', file: '/w/src\\util.jl', line: 2 },
        { func: 'VersionNumber', file: 'version.jl', line: 126 },
        { func: 'error', file: './error.jl', line: 35 },
        { func: 'g', file: 'C:\\Users\\me\\App\\src\\App.jl', line: 3 },
        { func: 'println', file: '/opt/julia/share/julia/base/io.jl', line: 9 },
      ] }],
      '/w',
      '/w',
    )
    expect(d!.frames.map((f) => f.path)).toEqual(['src/App.jl', 'src/util.jl', null, null, null, null])
  })
})
