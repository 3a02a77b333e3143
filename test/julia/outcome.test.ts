import { describe, expect, it } from 'vitest'
import { describeExit, toOutcome } from '../../src-main/services/julia/outcome'

describe('evaluation outcomes', () => {
  it('maps frames inside the workspace to relative paths and leaves the rest null', () => {
    const o = toOutcome(
      {
        type: 'result', id: 'e1', ok: false, text: '', truncated: false, mime: null, data: null, evalMs: 2,
        error: {
          type: 'DomainError', message: 'sqrt of -1',
          frames: [
            { func: 'throw_complex_domainerror', file: '/opt/julia/share/julia/base/math.jl', line: 33 },
            { func: 'f', file: '/w/src/deep/a.jl', line: 3 },
            { func: 'g', file: '/w-other/b.jl', line: 1 },
            { func: 'top-level scope', file: 'REPL[3]', line: 1 },
          ],
        },
      },
      4.56789,
      '/w',
    )
    expect(o.error?.frames.map((f) => f.path)).toEqual([null, 'src/deep/a.jl', null, null])
    expect(o).toMatchObject({ ok: false, rich: null, evalMs: 2, totalMs: 4.568 })
  })

  it('gives an error without details a type and message, and passes images on', () => {
    const bare = toOutcome({ type: 'result', id: 'e2', ok: false, text: '', truncated: false, mime: null, data: null, evalMs: 0 }, 1, null)
    expect(bare.error).toEqual({ type: 'Error', message: 'evaluation failed', frames: [] })
    const img = toOutcome({ type: 'result', id: 'e3', ok: true, text: 'Plot{…}', truncated: false, mime: 'image/svg+xml', data: '<svg/>', evalMs: 0 }, 1, null)
    expect(img.rich).toEqual({ mime: 'image/svg+xml', data: '<svg/>' })
  })

  it('passes on the module the code ran in only when Julia named it', () => {
    const base = { type: 'result' as const, id: 'e4', ok: true, text: '1', truncated: false, mime: null, data: null, evalMs: 0 }
    expect(toOutcome({ ...base, module: 'Main.Demo' }, 1, null).module).toBe('Main.Demo')
    expect(toOutcome(base, 1, null)).not.toHaveProperty('module')
  })

  it('describes exits in words', () => {
    expect(describeExit({ code: 1, signal: null })).toBe('exited with code 1')
    expect(describeExit({ code: 0, signal: 11 })).toBe('was killed by signal 11 (exit code 0)')
  })
})
