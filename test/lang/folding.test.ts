// Folding ranges for Julia buffers: definitions, cells, regions, comments, docstrings, blocks.
import { describe, expect, it } from 'vitest'
import { juliaFoldingRanges } from '../../src-renderer/editor/lang-folding'
import { analyzeJulia } from '../../src-main/services/syntax/julia-parser'

const SOURCE = `module Demo
#region helpers
"""
    helper(x)

Doubles x.
"""
helper(x) = 2x
#endregion

## cell one
function run(xs)
    for x in xs
        println(x)
    end
end

#= a long
   comment =#
## cell two
# one
# two
# three
x = 1
end
`

describe('Julia folding ranges', () => {
  it('folds the module, definitions, blocks, cells, regions, comments and docstrings', async () => {
    const lines = SOURCE.split('\n')
    const { outline } = await analyzeJulia(SOURCE)
    const folds = juliaFoldingRanges(lines, outline)
    expect(folds).toEqual([
      { start: 1, end: 25 }, // module Demo … end (not indented: only the outline knows)
      { start: 2, end: 9, kind: 'region' },
      { start: 3, end: 7, kind: 'comment' }, // the docstring
      { start: 11, end: 19, kind: 'region' }, // ## cell one, up to the next cell
      { start: 12, end: 16 }, // function run … end
      { start: 13, end: 14 }, // for: the indented body
      { start: 18, end: 19, kind: 'comment' }, // #= … =#
      { start: 20, end: 25, kind: 'region' }, // ## cell two, to the end
      { start: 21, end: 23, kind: 'comment' }, // three comment lines
    ])
  })
})
