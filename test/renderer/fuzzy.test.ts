import { describe, expect, it } from 'vitest'
import { fuzzyScore, highlightRuns } from '../../src-renderer/lib/fuzzy'

const matched = (q: string, t: string): string | null => {
  const m = fuzzyScore(q, t)
  return m ? m.positions.map((p) => t[p]).join('') : null
}

describe('fuzzyScore', () => {
  it('matches characters in order, ignoring case and whitespace in the query', () => {
    expect(fuzzyScore('opfol', 'File: Open Folder')?.positions).toEqual([6, 7, 11, 12, 13])
    expect(matched('open folder', 'File: Open Folder')).toBe('OpenFolder')
    expect(fuzzyScore('OPEN', 'open')).not.toBeNull()
  })

  it('rejects text missing a character or with characters out of order', () => {
    expect(fuzzyScore('xyz', 'src/main.jl')).toBeNull()
    expect(fuzzyScore('ba', 'ab')).toBeNull()
    expect(fuzzyScore('aa', 'a')).toBeNull()
  })

  it('matches everything with an empty query', () => {
    expect(fuzzyScore('', 'anything')).toEqual({ score: 0, positions: [] })
    expect(fuzzyScore('   ', 'anything')).toEqual({ score: 0, positions: [] })
  })

  it('puts highlights on word starts rather than the first occurrence', () => {
    // 'q' and 'o' appear earlier inside words; the initials are what a person means.
    expect(fuzzyScore('qo', 'View: Quick Open')?.positions).toEqual([6, 12])
    expect(fuzzyScore('ts', 'Toggle Sidebar')?.positions).toEqual([0, 7])
    expect(fuzzyScore('fb', 'foo/bar.jl')?.positions).toEqual([0, 4])
  })

  it('prefers a consecutive run over scattered characters', () => {
    expect(fuzzyScore('abc', 'xaxbxc abc')?.positions).toEqual([7, 8, 9])
  })

  it('ranks word-start and contiguous matches above scattered ones', () => {
    const score = (q: string, t: string): number => fuzzyScore(q, t)?.score ?? -Infinity
    expect(score('qo', 'Quick Open')).toBeGreaterThan(score('qo', 'quickbooks'))
    expect(score('main', 'main.jl')).toBeGreaterThan(score('main', 'my_array_in.jl'))
    expect(score('camel', 'camelCase')).toBeGreaterThan(score('camel', 'xcxaxmxexl'))
  })

  it('scores camelCase humps as word starts', () => {
    expect(matched('gf', 'goToFile')).toBe('gF')
    expect(fuzzyScore('gf', 'goToFile')?.positions).toEqual([0, 4])
  })
})

describe('highlightRuns', () => {
  it('splits text into matched and unmatched runs', () => {
    expect(highlightRuns('main.jl', [0, 1, 5])).toEqual([
      { text: 'ma', match: true },
      { text: 'in.', match: false },
      { text: 'j', match: true },
      { text: 'l', match: false },
    ])
    expect(highlightRuns('abc', [])).toEqual([{ text: 'abc', match: false }])
  })
})

describe('fuzzyScore in word mode (command titles)', () => {
  const words = { wordStarts: true }
  it('allows a jump only onto the start of a word', () => {
    expect(fuzzyScore('term', 'Toggle Light/Dark Theme', words)).toBeNull()
    expect(fuzzyScore('term', 'Terminal: New Terminal', words)?.positions).toEqual([0, 1, 2, 3])
    expect(fuzzyScore('tnt', 'Terminal: New Terminal', words)?.positions).toEqual([0, 10, 14])
    expect(fuzzyScore('ile', 'File: Open Folder', words)?.positions).toEqual([1, 2, 3])
  })

  it('still matches those scattered characters without word mode', () => {
    expect(fuzzyScore('term', 'Toggle Light/Dark Theme')).not.toBeNull()
  })
})
