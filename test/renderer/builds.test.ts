// The Builds UI's pure parts: the configuration form (live checks, round trip, where the service's
// problems land), elapsed and size words, the history chart's scaling, which line a diagnostic
// marks, the artifact tree and size diff, and the capped log.
import { describe, expect, it } from 'vitest'
import type { ArtifactReport, BuildConfig, BuildRecord, JuliacDiagnostic, SizeBreakdown } from '../../src-preload/contract'
import { emptyForm, fromForm, parseSaveError, problemsFor, problemTarget, splitArgs, toForm, validateForm } from '../../src-renderer/panels/builds/config-form'
import { buildHeadline, formatBytes, formatDelta, formatElapsed, moduleNameFor } from '../../src-renderer/panels/builds/builds-format'
import { chartModel, niceCeil } from '../../src-renderer/panels/builds/chart-model'
import { markerFrame, markersByPath } from '../../src-renderer/panels/builds/diagnostics-model'
import { artifactTree, breakdownDelta, breakdownSegments, diffRows } from '../../src-renderer/panels/builds/artifacts-model'
import { appendLog, emptyLog, lineKind, logLines, stripAnsi, visibleRange } from '../../src-renderer/panels/builds/log-model'

const config: BuildConfig = {
  name: 'hello',
  entry: 'src/hello.jl',
  output: 'exe',
  bundle: 'build/hello',
  trim: 'safe',
  experimental: true,
  compileCcallable: false,
  privatize: false,
  cpuTarget: 'x86-64-v3',
  project: null,
  extraArgs: ['--verbose', 'a b', 'say "hi"'],
}

describe('configuration form', () => {
  it('round-trips a configuration, extra arguments with spaces and quotes included', () => {
    expect(fromForm(toForm(config))).toEqual(config)
  })

  it('refuses a path or spaces for the bare name, live', () => {
    expect(validateForm({ ...emptyForm(), name: 'build/hello' }).name).toMatch(/bare name/)
    expect(validateForm({ ...emptyForm(), name: 'my app' }).name).toMatch(/No spaces/)
    expect(validateForm({ ...emptyForm(), name: '' }).name).toMatch(/required/)
    expect(validateForm({ ...emptyForm(), name: 'hello' }, ['hello']).name).toMatch(/already named/)
    expect(validateForm({ ...emptyForm(), name: 'hello_2.x' }).name).toBeUndefined()
  })

  it('keeps paths inside the folder and extra arguments off the fields’ own flags', () => {
    const e = validateForm({ ...emptyForm(), entry: '../x.jl', bundle: '/tmp/out', project: 'a/../../b', extraArgs: '--trim=no' })
    expect(e.entry).toMatch(/must not leave/)
    expect(e.bundle).toMatch(/inside the folder/)
    expect(e.project).toMatch(/must not leave/)
    expect(e.extraArgs).toMatch(/--trim has its own field/)
    expect(validateForm({ ...emptyForm(), extraArgs: '"unclosed' }).extraArgs).toMatch(/unclosed double quote/)
    expect(validateForm({ ...emptyForm(), cpuTarget: 'x86 64' }).cpuTarget).toMatch(/CPU name/)
    expect(validateForm(emptyForm())).toEqual({})
  })

  it('splits arguments like a shell, without running one', () => {
    expect(splitArgs(`a  'b c' "d \\"e\\"" f\\ g ''`).args).toEqual(['a', 'b c', 'd "e"', 'f g', ''])
  })

  it('puts the service’s problems beside their fields, whatever the path’s spelling', () => {
    expect(problemTarget('builds[2].name')).toEqual({ index: 2, field: 'name' })
    expect(problemTarget('/configs/0/extraArgs/1')).toEqual({ index: 0, field: 'extraArgs' })
    expect(problemTarget('1.cpuTarget')).toEqual({ index: 1, field: 'cpuTarget' })
    expect(problemTarget('')).toEqual({ index: null, field: null })
    const p = problemsFor(
      [
        { path: 'configs[0].entry', message: 'src/nope.jl does not exist' },
        { path: 'configs[0]', message: 'no (@main) in the entry' },
        { path: 'configs[1].name', message: 'other' },
      ],
      0,
    )
    expect(p).toEqual({ fields: { entry: 'src/nope.jl does not exist' }, general: ['no (@main) in the entry'] })
  })

  it('reads a refused save’s message into problems', () => {
    expect(parseSaveError('configs[0].name: must be a bare name\nconfigs[1].trim: unknown mode')).toEqual([
      { path: 'configs[0].name', message: 'must be a bare name' },
      { path: 'configs[1].trim', message: 'unknown mode' },
    ])
    expect(parseSaveError('build configurations not saved: builds[0].name: must be a bare name, not a path; builds[2].trim: Invalid option')).toEqual([
      { path: 'builds[0].name', message: 'must be a bare name, not a path' },
      { path: 'builds[2].trim', message: 'Invalid option' },
    ])
    expect(parseSaveError('the file is read-only')).toEqual([{ path: '', message: 'the file is read-only' }])
  })
})

describe('elapsed time and sizes', () => {
  it('shows tenths under a minute, then a clock', () => {
    expect(formatElapsed(0)).toBe('0.0 s')
    expect(formatElapsed(12_345)).toBe('12.3 s')
    expect(formatElapsed(59_999)).toBe('59.9 s')
    expect(formatElapsed(125_000)).toBe('2:05')
    expect(formatElapsed(3_723_000)).toBe('1:02:03')
    expect(formatElapsed(-5)).toBe('0.0 s')
  })

  it('writes binary sizes with three significant digits and signed deltas', () => {
    expect(formatBytes(812)).toBe('812 B')
    expect(formatBytes(1536)).toBe('1.50 KB')
    expect(formatBytes(23.4 * 1024 * 1024)).toBe('23.4 MB')
    expect(formatBytes(118 * 1024 * 1024)).toBe('118 MB')
    expect(formatBytes(null)).toBe('—')
    expect(formatDelta(2048)).toBe('+2.00 KB')
    expect(formatDelta(-812)).toBe('−812 B')
    expect(formatDelta(0)).toBe('±0 B')
  })
})

const record = (over: Partial<BuildRecord>): BuildRecord => ({
  id: 'b1',
  config: 'hello',
  state: 'succeeded',
  phase: 'done',
  startedAt: 1_000,
  endedAt: 11_000,
  exitCode: 0,
  signal: null,
  attempt: 1,
  diagnostics: [],
  errors: 0,
  warnings: 0,
  metrics: { wallMs: 10_000, cpuMs: 9_000, peakRssBytes: 1e9, outputBytes: 50 * 1024 * 1024, juliaVersion: '1.12.1', flags: [] },
  artifact: 'build/hello/bin/hello',
  outputDir: 'build/hello',
  message: null,
  suggestion: null,
  ...over,
})

describe('new app', () => {
  it('knows the entry file the template writes: src/MODULE.jl', () => {
    expect(moduleNameFor('HelloApp')).toBe('HelloApp')
    expect(moduleNameFor('my-app.v2')).toBe('my_app_v2')
    expect(moduleNameFor('end')).toBe('endApp')
  })
})

describe('build headline', () => {
  it('names the phase and ticks while running; counts problems when failed', () => {
    const running = record({ state: 'running', phase: 'trimming', endedAt: null, metrics: null })
    expect(buildHeadline(running, 13_300)).toBe('Trimming · 12.3 s')
    expect(buildHeadline({ ...running, attempt: 2 }, 2_000)).toBe('Trimming (try 2 of 3) · 1.0 s')
    expect(buildHeadline({ ...running, attempt: 2, phase: 'queued' }, 2_000)).toBe('Retrying (try 2 of 3) · 1.0 s')
    expect(buildHeadline(record({ state: 'failed', errors: 3, warnings: 1 }), 0)).toBe('Failed after 10.0 s: 3 errors, 1 warning')
    expect(buildHeadline(record({ state: 'succeeded', errors: 2, warnings: 0 }), 0)).toBe('Succeeded in 10.0 s · 2 errors reported')
    expect(buildHeadline(record({ state: 'succeeded', errors: 0, warnings: 1 }), 0)).toBe('Succeeded in 10.0 s · 1 warning')
  })
})

describe('history chart', () => {
  it('rounds an axis up to a nice number', () => {
    expect(niceCeil(7)).toBe(10)
    expect(niceCeil(120)).toBe(200)
    expect(niceCeil(230)).toBe(250)
    expect(niceCeil(0)).toBe(1)
  })

  it('scales time and size on their own axes, oldest left, skipping skipped builds', () => {
    const box = { width: 200, height: 100, pad: 10 }
    const history = [
      record({ id: 'c', startedAt: 3, metrics: { ...record({}).metrics!, wallMs: 5_000, outputBytes: 100 } }),
      record({ id: 'a', startedAt: 1, metrics: { ...record({}).metrics!, wallMs: 10_000, outputBytes: 200 } }),
      record({ id: 's', startedAt: 2, state: 'skipped' }),
      record({ id: 'b', startedAt: 2, state: 'failed', metrics: { ...record({}).metrics!, wallMs: 2_000, outputBytes: null } }),
    ]
    const m = chartModel(history, box)
    expect(m.points.map((p) => p.id)).toEqual(['a', 'b', 'c'])
    expect(m.maxMs).toBe(10_000)
    expect(m.points.map((p) => p.x)).toEqual([10, 100, 190])
    // 10 s of 10 s is the top of the box; 5 s is halfway.
    expect(m.points[0]!.yTime).toBe(10)
    expect(m.points[2]!.yTime).toBe(50)
    // The failed build has no size: the size line breaks there.
    expect(m.points[1]!.ySize).toBeNull()
    expect(m.sizePath.match(/M/g)).toHaveLength(2)
  })
})

describe('diagnostics → markers', () => {
  const d = (frames: JuliacDiagnostic['frames'], severity: 'error' | 'warning' = 'error'): JuliacDiagnostic => ({ severity, index: 1, message: 'unresolved call from statement Base.foo(x)', frames })
  it('marks the innermost frame that is in the workspace', () => {
    const diag = d([
      { func: 'print_to_string', file: '/opt/julia/share/julia/base/strings/io.jl', line: 140, path: null },
      { func: 'greet', file: '/ws/src/hello.jl', line: 7, path: 'src/hello.jl' },
      { func: 'main', file: '/ws/src/hello.jl', line: 12, path: 'src/hello.jl' },
    ])
    expect(markerFrame(diag)?.line).toBe(7)
    // Base prints its own files bare (`@ Base version.jl:126`): never the user's, even if a
    // version.jl resolves inside the workspace.
    expect(markerFrame(d([{ func: 'split_idents', file: 'version.jl', line: 126, path: 'version.jl' }, { func: 'main', file: '~/app/src/App.jl', line: 6, path: 'src/App.jl' }]))?.path).toBe('src/App.jl')
    const m = markersByPath([diag, d([{ func: 'f', file: '/usr/x.jl', line: 3, path: null }]), d([{ func: 'g', file: 'C:\\ws\\src\\b.jl', line: null, path: 'src/b.jl' }], 'warning')])
    expect([...m.keys()]).toEqual(['src/hello.jl', 'src/b.jl'])
    expect(m.get('src/hello.jl')![0]).toMatchObject({ startLineNumber: 7, severity: 8, message: 'Verifier error #1: unresolved call from statement Base.foo(x)' })
    // A frame without a line marks line 1 of its file; a warning is a warning.
    expect(m.get('src/b.jl')![0]).toMatchObject({ startLineNumber: 1, severity: 4, diagnostic: 2 })
  })
})

describe('artifacts', () => {
  const sizes = (o: Partial<SizeBreakdown>): SizeBreakdown => ({ exe: 0, lib: 0, juliaLib: 0, artifacts: 0, other: 0, total: 0, ...o })
  const report: ArtifactReport = {
    buildId: 'b2',
    root: 'build/hello',
    entries: [
      { path: 'lib/julia/libjulia-internal.so', size: 3000, kind: 'julia-lib' },
      { path: 'bin/hello', size: 1000, kind: 'exe' },
      { path: 'lib/libjulia.so', size: 500, kind: 'lib' },
      { path: 'lib/new.so', size: 200, kind: 'lib' },
    ],
    sizes: sizes({ exe: 1000, lib: 700, juliaLib: 3000, total: 4700 }),
    diff: { previousBuildId: 'b1', sizesBefore: sizes({ exe: 1500, lib: 500, juliaLib: 3000, total: 5000 }), added: ['lib/new.so'], removed: ['lib/old.so'], changed: [{ path: 'bin/hello', before: 1500, after: 1000 }] },
  }

  it('lists the output as a tree, folders first, with folder totals', () => {
    expect(artifactTree(report.entries).map((r) => `${'  '.repeat(r.depth)}${r.name}:${r.size}`)).toEqual([
      'bin:1000',
      '  hello:1000',
      'lib:3700',
      '  julia:3000',
      '    libjulia-internal.so:3000',
      '  libjulia.so:500',
      '  new.so:200',
    ])
  })

  it('splits the bar by part and leaves empty parts out', () => {
    const segs = breakdownSegments(report.sizes)
    expect(segs.map((s) => s.key)).toEqual(['exe', 'lib', 'juliaLib'])
    expect(segs.reduce((t, s) => t + s.share, 0)).toBeCloseTo(1)
  })

  it('shows what changed since the previous build, biggest first, with signs', () => {
    expect(diffRows(report).map((r) => `${r.change} ${r.path} ${r.delta}`)).toEqual(['changed bin/hello -500', 'added lib/new.so 200', 'removed lib/old.so 0'])
    expect(breakdownDelta(report).map((r) => `${r.label} ${r.delta}`)).toEqual(['Executable -500', 'lib 200', 'lib/julia 0', 'Total -300'])
    expect(diffRows({ ...report, diff: null })).toEqual([])
  })
})

describe('build log', () => {
  it('strips ANSI colours and joins lines split across chunks', () => {
    let b = appendLog(emptyLog(), '\u001b[31mVerifier error #1\u001b[0m: unresolved call\r\nsecond li')
    b = appendLog(b, 'ne\nprogress 10%\rprogress 100%\n')
    expect(logLines(b)).toEqual(['Verifier error #1: unresolved call', 'second line', 'progress 100%'])
    expect(stripAnsi('\u001b]0;title\u0007ok')).toBe('ok')
  })

  it('keeps only the last lines of a huge log and says how many it dropped', () => {
    let b = emptyLog()
    for (let i = 0; i < 30; i++) b = appendLog(b, `line ${i}\n`, 10)
    expect(b.lines).toHaveLength(10)
    expect(b.lines[0]).toBe('line 20')
    expect(b.dropped).toBe(20)
  })

  it('colours errors, warnings, frames and the summary', () => {
    expect(lineKind('Verifier error #2: unresolved invoke from statement')).toBe('error')
    expect(lineKind('┌ Warning: something')).toBe('warning')
    expect(lineKind('  [1] greet at /ws/src/hello.jl:7')).toBe('frame')
    expect(lineKind('Trim verify finished with 2 errors, 0 warnings.')).toBe('summary')
  })

  it('draws only the rows in view (plus overscan)', () => {
    expect(visibleRange(1800, 360, 18, 100_000, 5)).toEqual({ start: 95, end: 125 })
    expect(visibleRange(0, 360, 18, 3, 5)).toEqual({ start: 0, end: 3 })
  })
})
