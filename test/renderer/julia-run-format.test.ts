// How results read inline and in their hover; where an error's marker goes.
import { describe, expect, it } from 'vitest'
import type { EvalOutcome, StackFrame } from '../../src-preload/contract'
import { errorHeadline, errorLine, formatOutcome, frameHref, frameMarkdown, INLINE_MAX, oneLine } from '../../src-renderer/editor/run-format'

const outcome = (o: Partial<EvalOutcome>): EvalOutcome => ({ id: 'e1', ok: true, text: '', truncated: false, rich: null, error: null, evalMs: 0.4, totalMs: 1.2, ...o })

describe('inline result text', () => {
  it('shows a value after `=`', () => {
    expect(formatOutcome(outcome({ text: '3' })).inline).toBe(' = 3')
    expect(formatOutcome(outcome({ text: '3' })).kind).toBe('ok')
  })

  it('nothing is a check mark, not an empty `=`', () => {
    expect(formatOutcome(outcome({ text: '' })).inline).toBe(' ✓')
  })

  it('a multi-line value shows its summary and first element, marked as cut', () => {
    expect(formatOutcome(outcome({ text: '3-element Vector{Int64}:\n 1\n 2\n 3' })).inline).toBe(' = 3-element Vector{Int64}: 1 …')
    expect(oneLine('a\nb')).toBe('a …')
    expect(oneLine('a\n\n')).toBe('a')
  })

  it('cuts long text at the limit with an ellipsis; the hover has all of it', () => {
    const long = 'x'.repeat(500)
    const r = formatOutcome(outcome({ text: long, truncated: true }))
    expect(r.inline.length).toBe(' = '.length + INLINE_MAX)
    expect(r.inline.endsWith('…')).toBe(true)
    expect(r.hover).toContain(long)
    expect(r.hover).toContain('cut by Julia')
  })

  it('a value with backticks cannot break out of the hover code block', () => {
    const r = formatOutcome(outcome({ text: 'a ``` b' }))
    expect(r.hover.startsWith('````\n')).toBe(true)
  })

  it('an image points to the plot pane', () => {
    expect(formatOutcome(outcome({ text: 'Plot{…}', rich: { mime: 'image/png', data: 'AAAA' } })).inline).toBe(' = [PNG image: see Plots]')
  })

  it('an error shows ✗ Type: first line, with the frames as links in the hover', () => {
    const frames: StackFrame[] = [
      { func: 'error', file: '/usr/share/julia/base/error.jl', line: 35, path: null },
      { func: 'f', file: '/w/src/a.jl', line: 3, path: 'src/a.jl' },
    ]
    const r = formatOutcome(outcome({ ok: false, error: { type: 'ErrorException', message: 'boom\nmore', frames } }))
    expect(r.kind).toBe('error')
    expect(r.inline).toBe(' ✗ ErrorException: boom')
    expect(r.hover).toContain('](file:///src/a.jl#L3)')
    expect(r.hover).toContain('error at /usr/share/julia/base/error\\.jl:35') // shown, not a link
    expect(r.hover).not.toContain('](file:///usr')
  })
})

describe('error headlines', () => {
  it('say the type once, even when Julia’s message starts with it', () => {
    expect(errorHeadline('UndefVarError', 'UndefVarError: `q` not defined in `Main`\nSuggestion: …')).toBe('UndefVarError: `q` not defined in `Main`')
    expect(errorHeadline('InterruptException', 'InterruptException:')).toBe('InterruptException')
    expect(errorHeadline('ErrorException', '\n boom \n')).toBe('ErrorException: boom')
  })

  it('an interrupt reads as such, not as a bug', () => {
    expect(formatOutcome(outcome({ ok: false, error: { type: 'InterruptException', message: 'InterruptException:', frames: [] } })).inline).toBe(' ✗ Interrupted')
  })
})

describe('frame links', () => {
  it('only frames inside the workspace link, with the line in the fragment', () => {
    expect(frameHref({ func: 'f', file: '/w/src/my file.jl', line: 7, path: 'src/my file.jl' })).toBe('file:///src/my%20file.jl#L7')
    expect(frameHref({ func: 'f', file: '/x.jl', line: 7, path: null })).toBeNull()
    expect(frameMarkdown({ func: 'g[1]', file: '/w/a.jl', line: 2, path: 'a.jl' })).toBe('- [g\\[1\\] at a\\.jl:2](file:///a.jl#L2)')
  })
})

describe('error marker line', () => {
  const frames: StackFrame[] = [
    { func: 'error', file: '/base/error.jl', line: 35, path: null },
    { func: 'inner', file: '/w/src/b.jl', line: 12, path: 'src/b.jl' },
    { func: 'outer', file: '/w/src/a.jl', line: 8, path: 'src/a.jl' },
    { func: 'top', file: '/w/src/a.jl', line: 20, path: 'src/a.jl' },
  ]
  it('is the deepest frame in the evaluated file', () => {
    expect(errorLine(frames, 'src/a.jl', 20, 100)).toBe(8)
    expect(errorLine(frames, 'src/b.jl', 1, 100)).toBe(12)
  })
  it('falls back to the code’s first line, clamped to the file', () => {
    expect(errorLine(frames, 'src/c.jl', 5, 100)).toBe(5)
    expect(errorLine(frames, null, 5, 100)).toBe(5)
    expect(errorLine([{ func: 'f', file: '/w/a.jl', line: 500, path: 'a.jl' }], 'a.jl', 1, 40)).toBe(40)
  })
})
