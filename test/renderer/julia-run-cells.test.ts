// What Shift+Enter / Alt+Enter / Ctrl+Enter send, and where the cursor goes next.
import { describe, expect, it } from 'vitest'
import type { OutlineSymbol } from '../../src-preload/contract'
import { blockAt, blockOrLineAt, cellAt, cellOrBlockAt, isDelimiter, linesOf, nextCellLine, nextCodeLine } from '../../src-renderer/editor/run-cells'

const src = (...lines: string[]) => linesOf(lines.join('\n'))

describe('## cells', () => {
  const file = src(
    'using Printf', // 1
    '', // 2
    '## setup', // 3
    'x = 1', // 4
    'y = 2', // 5
    '', // 6
    '## compute', // 7
    '', // 8
    'z = x + y', // 9
    '##', // 10
    '', // 11
  )

  it('recognises the delimiters VS Code Julia uses by default', () => {
    expect(isDelimiter('##')).toBe(true)
    expect(isDelimiter('## title')).toBe(true)
    expect(isDelimiter('# %% title')).toBe(true)
    expect(isDelimiter('#%%')).toBe(true)
    expect(isDelimiter('# ## title')).toBe(true)
    expect(isDelimiter('### not a cell')).toBe(false)
    expect(isDelimiter('# a comment')).toBe(false)
    expect(isDelimiter('x = 1 ## trailing')).toBe(false)
  })

  it('takes the lines between delimiters, blank ends dropped', () => {
    expect(cellAt(file, 4)).toEqual({ startLine: 4, endLine: 5 })
    expect(cellAt(file, 6)).toEqual({ startLine: 4, endLine: 5 })
    expect(cellAt(file, 9)).toEqual({ startLine: 9, endLine: 9 })
    // Before the first delimiter: from the top of the file.
    expect(cellAt(file, 1)).toEqual({ startLine: 1, endLine: 1 })
  })

  it('on a delimiter line, runs the cell that delimiter opens', () => {
    expect(cellAt(file, 3)).toEqual({ startLine: 4, endLine: 5 })
    expect(cellAt(file, 7)).toEqual({ startLine: 9, endLine: 9 })
  })

  it('an empty cell runs nothing; a file without delimiters has no cells', () => {
    expect(cellAt(file, 10)).toBeNull()
    expect(cellAt(src('x = 1', 'y = 2'), 1)).toBeUndefined()
  })

  it('moves to the first code line of the next cell, none after the last', () => {
    expect(nextCellLine(file, 5)).toBe(9)
    expect(nextCellLine(file, 1)).toBe(4)
    expect(nextCellLine(file, 9)).toBeNull()
  })
})

describe('top-level blocks without cells', () => {
  const file = src(
    'a = 1', // 1
    '', // 2
    'function f(x)', // 3
    '    y = x[end]', // 4
    '', // 5
    '    return [i for i in 1:y]', // 6
    'end', // 7
    'for i in 1:3', // 8
    '    println(i) # end of loop?', // 9
    'end', // 10
    'b = g(1,', // 11
    '      2)', // 12
    's = "function end"', // 13
  )

  it('takes the whole definition around the cursor, blank lines inside included', () => {
    expect(blockAt(file, 4)).toEqual({ startLine: 3, endLine: 7 })
    expect(blockAt(file, 5)).toBeNull() // a blank line: nothing
    expect(blockAt(file, 6)).toEqual({ startLine: 3, endLine: 7 })
    expect(blockAt(file, 7)).toEqual({ startLine: 3, endLine: 7 })
    expect(blockAt(file, 3)).toEqual({ startLine: 3, endLine: 7 })
  })

  it('a loop, a call over two lines, and keywords in strings or comments', () => {
    expect(blockAt(file, 9)).toEqual({ startLine: 8, endLine: 10 })
    expect(blockAt(file, 12)).toEqual({ startLine: 11, endLine: 12 })
    expect(blockAt(file, 13)).toEqual({ startLine: 13, endLine: 13 })
    expect(blockAt(file, 1)).toEqual({ startLine: 1, endLine: 1 })
  })

  it('gives up (null) on an unbalanced block, so the caller sends the line', () => {
    const broken = src('function f()', '    1')
    expect(blockAt(broken, 2)).toBeNull()
    expect(blockOrLineAt(broken, 2)).toEqual({ range: { startLine: 2, endLine: 2 }, kind: 'line' })
  })

  it('uses the outline where it has the definition, looking inside a module', () => {
    const outline: OutlineSymbol[] = [
      { name: 'M', kind: 'module', line: 1, endLine: 20, children: [{ name: 'g', kind: 'function', line: 3, endLine: 9 }] },
    ]
    const text = src('module M', '', 'function g()', '', '', '', '', '', 'end', ...Array(11).fill(''))
    expect(blockOrLineAt(text, 5, outline)).toEqual({ range: { startLine: 3, endLine: 9 }, kind: 'block' })
  })

  it('Shift+Enter without delimiters runs the block, on a blank line nothing', () => {
    expect(cellOrBlockAt(file, 9)).toEqual({ range: { startLine: 8, endLine: 10 }, kind: 'block' })
    expect(cellOrBlockAt(file, 2)).toBeNull()
  })
})

describe('Ctrl+Enter moves down', () => {
  const file = src('x = 1', '', '   ', 'y = 2', '')
  it('to the next non-blank line, or nowhere at the end', () => {
    expect(nextCodeLine(file, 1)).toBe(4)
    expect(nextCodeLine(file, 4)).toBeNull()
  })
})
