import { describe, expect, it } from 'vitest'
import { diffLines, withContext } from '../../src-renderer/editor/line-diff'

describe('line diff for conflicts', () => {
  it('reports removed and added lines with their line numbers', () => {
    const d = diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne')!
    expect(d.map((l) => `${l.kind[0]}${l.text}`)).toEqual(['sa', 'rb', 'aB', 'sc', 'sd', 'ae'])
    expect(d.find((l) => l.text === 'B')!.newLine).toBe(2)
    expect(d.find((l) => l.text === 'b')!.oldLine).toBe(2)
  })

  it('has nothing to report for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny')!.every((l) => l.kind === 'same')).toBe(true)
  })

  it('refuses a change too large to tabulate instead of freezing', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n')
    expect(diffLines(a, b)).toBeNull()
  })

  it('keeps context around changes and marks gaps', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n')
    const after = before.replace('l10', 'X')
    const c = withContext(diffLines(before, after)!, 2)
    expect(c[0]).toBeNull()
    expect(c.filter((l) => l !== null).map((l) => l!.text)).toEqual(['l8', 'l9', 'l10', 'X', 'l11', 'l12'])
    expect(c[c.length - 1]).toBeNull()
  })
})
