// The Julia UI's pure parts: plot history, words in the status bar and banner, the variables
// filter, package names (the contract's rule) and the SVG data URL.
import { describe, expect, it } from 'vitest'
import { channels, type JuliaStatus, type PlotItem } from '../../src-preload/contract'
import { addPlot, MAX_PLOTS, removePlot, stepPlot } from '../../src-renderer/store/julia'
import { environmentLabel, exitHeadline, shortEnvironmentName, formatDuration, lastLines, plotDataUrl, stateLabel, statusTooltip } from '../../src-renderer/panels/julia/julia-format'
import { filterVariables, PACKAGE_NAME, parsePackageList, sortPackages } from '../../src-renderer/panels/julia/julia-view-model'

const plot = (id: string): PlotItem => ({ id, rich: { mime: 'image/png', data: 'AAAA' }, origin: 'eval', at: 0 })

describe('plot history', () => {
  it('shows a new plot at once and keeps the last MAX_PLOTS', () => {
    let s = { plots: [] as PlotItem[], plotIndex: -1 }
    s = addPlot(s.plots, plot('a'))
    s = addPlot(s.plots, plot('b'))
    expect(s.plotIndex).toBe(1)
    for (let i = 0; i < MAX_PLOTS + 5; i++) s = addPlot(s.plots, plot(`p${i}`))
    expect(s.plots.length).toBe(MAX_PLOTS)
    expect(s.plots[0]!.id).toBe('p5')
    expect(s.plotIndex).toBe(MAX_PLOTS - 1)
  })

  it('steps within its ends and removes the shown one', () => {
    expect(stepPlot(0, 3, -1)).toBe(0)
    expect(stepPlot(2, 3, 1)).toBe(2)
    expect(stepPlot(1, 3, 1)).toBe(2)
    expect(stepPlot(0, 0, 1)).toBe(-1)
    const plots = [plot('a'), plot('b'), plot('c')]
    expect(removePlot(plots, 1)).toEqual({ plots: [plots[0], plots[2]], plotIndex: 1 })
    expect(removePlot(plots, 2).plotIndex).toBe(1)
    expect(removePlot([plots[0]!], 0)).toEqual({ plots: [], plotIndex: -1 })
  })
})

const status = (s: Partial<JuliaStatus>): JuliaStatus => ({
  state: 'ready',
  install: { path: '/usr/bin/julia', version: '1.12.1', via: 'PATH', channel: null },
  problem: null,
  terminalId: 't1',
  pid: 42,
  threads: 8,
  project: '/w/Project.toml',
  environment: '',
  startupMs: 843,
  exit: null,
  versionNote: null,
  ...s,
})

describe('status words', () => {
  it('names version and state', () => {
    expect(stateLabel(status({}))).toBe('Julia 1.12.1')
    expect(stateLabel(status({ state: 'starting' }))).toBe('Julia 1.12.1: starting…')
    expect(stateLabel(status({ state: 'busy' }))).toBe('Julia 1.12.1: busy')
    expect(stateLabel(status({ state: 'missing', install: null }))).toBe('Julia not found')
  })

  it('the tooltip tells start-up time, threads and the version note; missing tells the fix', () => {
    const tip = statusTooltip(status({ versionNote: 'Julia 1.10 is older than 1.12: juliac needs 1.12' }))
    expect(tip).toContain('Started in 843 ms')
    expect(tip).toContain('8 threads')
    expect(tip).toContain('juliac needs 1.12')
    const missing = statusTooltip(status({ state: 'missing', install: null, problem: { message: 'Julia was not found.', fix: 'curl -fsSL https://install.julialang.org | sh' } }))
    expect(missing).toContain('curl -fsSL https://install.julialang.org | sh')
  })

  it('durations, exit headline and last output', () => {
    expect(formatDuration(843)).toBe('843 ms')
    expect(formatDuration(1234)).toBe('1.23 s')
    expect(exitHeadline(status({ state: 'exited', exit: { code: 139, signal: 11, lastOutput: '', at: 0 } }))).toBe('Julia exited unexpectedly with code 139 (signal 11)')
    expect(lastLines('a\r\n\x1b[31mb\x1b[0m\n\n', 1)).toBe('b')
  })

  it('environment labels come from the list, with the root as "workspace"', () => {
    expect(environmentLabel('@v1.12', [{ key: '@v1.12', label: '@v1.12 (shared)', kind: 'shared' }])).toBe('@v1.12 (shared)')
    expect(environmentLabel('', undefined)).toBe('workspace')
  })

  it('the status bar names the project, else the label without its note', () => {
    const envs = [{ key: '', label: 'demo (workspace root)', kind: 'workspace' as const }, { key: '@v1.12', label: '@v1.12 (shared default)', kind: 'shared' as const }]
    const info = { key: '', projectFile: 'Project.toml', name: 'Demo', version: '0.1.0', packages: [], manifestJulia: null, manifestMissing: true, problems: [] }
    expect(shortEnvironmentName('', envs, info)).toBe('Demo')
    expect(shortEnvironmentName('@v1.12', envs, info)).toBe('@v1.12')
    expect(shortEnvironmentName('', envs, null)).toBe('demo')
  })
})

describe('variables filter', () => {
  const vars = [
    { name: 'xs', type: 'Vector{Float64}', size: '10', summary: '' },
    { name: 'a', type: 'Int64', size: '', summary: '1' },
    { name: 'M', type: 'Matrix{Float64}', size: '3×3', summary: '' },
  ]
  it('matches names and types, case-insensitive, sorted by name', () => {
    expect(filterVariables(vars, '').map((v) => v.name)).toEqual(['a', 'M', 'xs'])
    expect(filterVariables(vars, 'float').map((v) => v.name)).toEqual(['M', 'xs'])
    expect(filterVariables(vars, 'XS').map((v) => v.name)).toEqual(['xs'])
    expect(filterVariables(vars, 'matrix 3')).toEqual([])
  })
})

describe('package names', () => {
  it('are checked by the same rule as the contract', () => {
    const schema = channels['julia:pkg'].args
    for (const name of ['Plots', 'DataFrames@1.6', 'A_b2', '_X', '1Bad', 'Bad-Name', 'Plots@', 'x;rm', 'Foo@1.0.0+build']) {
      expect(PACKAGE_NAME.test(name), name).toBe(schema.safeParse({ op: 'add', packages: [name] }).success)
    }
  })

  it('splits a typed list and sets the bad ones apart', () => {
    expect(parsePackageList(' Plots, DataFrames@1.6  CSV ')).toEqual({ names: ['Plots', 'DataFrames@1.6', 'CSV'], bad: [] })
    expect(parsePackageList('Plots; rm -rf').bad).toEqual(['Plots;', 'rm', '-rf'].filter((p) => !PACKAGE_NAME.test(p)))
  })

  it('lists direct dependencies first', () => {
    const p = (name: string, direct: boolean) => ({ name, uuid: name, version: '1.0.0', direct, source: 'registry' as const })
    expect(sortPackages([p('Z', false), p('B', true), p('A', false), p('C', true)]).map((x) => x.name)).toEqual(['B', 'C', 'A', 'Z'])
  })
})

describe('plot images', () => {
  it('PNG stays base64; SVG becomes a base64 data URL of its UTF-8 (never markup in the page)', () => {
    expect(plotDataUrl({ mime: 'image/png', data: 'iVBO\nRw0=' })).toBe('data:image/png;base64,iVBORw0=')
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>α</text></svg>'
    const url = plotDataUrl({ mime: 'image/svg+xml', data: svg })
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(svg)
  })
})
