// Diff building for proposals: insertions, deletions, changes, CRLF files, a missing final newline,
// identical text; and applying a chosen subset of hunks gives exactly the expected text.
import { describe, expect, it } from 'vitest'
import { applyHunks, hunkEdits } from '../../src-renderer/panels/edit/apply-hunks'
import { diffHunks, splitLines } from '../../src-renderer/panels/edit/diff-hunks'

const all = (n: number): Set<number> => new Set(Array.from({ length: n }, (_, i) => i))
const texts = (lines: { text: string }[]): string[] => lines.map((l) => l.text)

describe('diffHunks', () => {
  it('finds no hunks in identical text, CRLF against LF included', () => {
    expect(diffHunks('a\nb\n', 'a\nb\n').hunks).toEqual([])
    expect(diffHunks('a\r\nb\r\n', 'a\nb\n').hunks).toEqual([])
    expect(diffHunks('', '').hunks).toEqual([])
  })

  it('gives an insertion as a hunk that removes nothing', () => {
    const d = diffHunks('function f()\nend\n', 'function f()\n    return 1\nend\n')
    expect(d.hunks).toHaveLength(1)
    const [h] = d.hunks
    expect(h).toMatchObject({ originalStart: 1, originalEnd: 1, proposalStart: 1, proposalEnd: 2 })
    expect(texts(h!.added)).toEqual(['    return 1'])
    expect(h!.removed).toEqual([])
  })

  it('gives a deletion as a hunk that adds nothing', () => {
    const d = diffHunks('a\nb\nc\n', 'a\nc\n')
    expect(d.hunks).toHaveLength(1)
    expect(d.hunks[0]).toMatchObject({ originalStart: 1, originalEnd: 2, added: [] })
    expect(texts(d.hunks[0]!.removed)).toEqual(['b'])
  })

  it('splits changes separated by an unchanged line into hunks, deletions listed before insertions', () => {
    const original = 'x = 1\ny = 2\nz = 3\nw = 4\n'
    const proposal = 'x = 10\ny = 2\nz = 30\nextra = 5\nw = 4\n'
    const d = diffHunks(original, proposal)
    expect(d.hunks.map((h) => [h.originalStart, h.originalEnd, texts(h.removed), texts(h.added)])).toEqual([
      [0, 1, ['x = 1'], ['x = 10']],
      [2, 3, ['z = 3'], ['z = 30', 'extra = 5']],
    ])
  })

  it('shows a missing final newline as a change of the last line', () => {
    const d = diffHunks('a\nb\n', 'a\nb')
    expect(d.hunks).toHaveLength(1)
    expect(d.hunks[0]).toMatchObject({ originalStart: 1, originalEnd: 2 })
    expect(applyHunks('a\nb\n', d, all(1))).toBe('a\nb')
    const back = diffHunks('a\nb', 'a\nb\nc')
    expect(applyHunks('a\nb', back, all(back.hunks.length))).toBe('a\nb\nc')
  })

  it('splits lines keeping each terminator', () => {
    expect(splitLines('a\r\nb\nc')).toEqual([
      { text: 'a', eol: '\r\n' },
      { text: 'b', eol: '\n' },
      { text: 'c', eol: '' },
    ])
    expect(splitLines('')).toEqual([])
  })

  it('handles a proposal for an empty original and an empty proposal', () => {
    expect(applyHunks('', diffHunks('', 'a\nb\n'), all(1))).toBe('a\nb\n')
    expect(applyHunks('a\nb\n', diffHunks('a\nb\n', ''), all(1))).toBe('')
  })

  it('finds the shortest edit in a longer file (every hunk applied gives the proposal)', () => {
    const original = Array.from({ length: 300 }, (_, i) => `line ${i}`).join('\n') + '\n'
    const lines = original.split('\n')
    lines[10] = 'changed 10'
    lines.splice(150, 2)
    lines.splice(200, 0, 'new a', 'new b')
    const proposal = lines.join('\n')
    const d = diffHunks(original, proposal)
    expect(d.hunks).toHaveLength(3)
    expect(d.hunks.reduce((n, h) => n + h.removed.length + h.added.length, 0)).toBe(2 + 2 + 2)
    expect(applyHunks(original, d, all(3))).toBe(proposal)
  })
})

describe('applyHunks', () => {
  // A model's fixed answer to "make these Float64": two changed regions.
  const original = [
    'function area(r)',
    '    return 3.14 * r^2',
    'end',
    '',
    'function perimeter(r)',
    '    return 2 * 3.14 * r',
    'end',
    '',
  ].join('\n')
  const proposal = [
    'function area(r::Float64)',
    '    return π * r^2',
    'end',
    '',
    'function perimeter(r::Float64)',
    '    return 2π * r',
    'end',
    '',
  ].join('\n')

  it('accepting one hunk of two changes only that region', () => {
    const d = diffHunks(original, proposal)
    expect(d.hunks).toHaveLength(2)
    expect(applyHunks(original, d, new Set([0]))).toBe(
      ['function area(r::Float64)', '    return π * r^2', 'end', '', 'function perimeter(r)', '    return 2 * 3.14 * r', 'end', ''].join('\n'),
    )
    expect(applyHunks(original, d, new Set([1]))).toBe(
      ['function area(r)', '    return 3.14 * r^2', 'end', '', 'function perimeter(r::Float64)', '    return 2π * r', 'end', ''].join('\n'),
    )
    expect(applyHunks(original, d, all(2))).toBe(proposal)
  })

  it('rejecting every hunk leaves the text byte-identical, mixed line endings included', () => {
    const mixed = 'a\r\nb\nc\r\n'
    const d = diffHunks(mixed, 'A\nb\nC\n')
    expect(d.hunks).toHaveLength(2)
    expect(applyHunks(mixed, d, new Set())).toBe(mixed)
  })

  it('gives the lines it brings in the file’s line ending', () => {
    const crlf = 'a\r\nb\r\nc\r\n'
    const d = diffHunks(crlf, 'a\nB\nnew\nc\n')
    expect(applyHunks(crlf, d, all(d.hunks.length))).toBe('a\r\nB\r\nnew\r\nc\r\n')
  })

  it('gives edits as offsets into the original, in document order', () => {
    const d = diffHunks(original, proposal)
    const edits = hunkEdits(d, all(2))
    expect(edits.map((e) => original.slice(e.start, e.end))).toEqual(['function area(r)\n    return 3.14 * r^2\n', 'function perimeter(r)\n    return 2 * 3.14 * r\n'])
    expect(edits[0]!.start).toBeLessThan(edits[1]!.start)
  })
})
