// The proposal in a model's reply (fixed replies as data): the first fenced block, the whole reply
// without a fence, a block still streaming; and the final newline matched to the original.
import { describe, expect, it } from 'vitest'
import { extractCode, matchFinalNewline } from '../../src-renderer/panels/edit/extract-code'

describe('extractCode', () => {
  it('takes the first fenced block and its language', () => {
    const reply = 'Here is the fix:\n\n```julia\nf(x) = 2x\n```\n\nand another:\n```julia\ng() = 1\n```\n'
    expect(extractCode(reply)).toEqual({ code: 'f(x) = 2x', language: 'julia', complete: true })
  })

  it('takes the whole reply when there is no fence', () => {
    expect(extractCode('\n\nf(x) = 2x\ng(x) = 3x\n\n')).toEqual({ code: 'f(x) = 2x\ng(x) = 3x', language: null, complete: true })
  })

  it('gives what has arrived of a block still streaming', () => {
    expect(extractCode('```julia\nfunction f()\n    re')).toEqual({ code: 'function f()\n    re', language: 'julia', complete: false })
  })

  it('keeps a shorter fence inside a longer one, and reads tildes and CRLF', () => {
    expect(extractCode('````md\n```julia\nx\n```\n````').code).toBe('```julia\nx\n```')
    expect(extractCode('~~~\r\na = 1\r\n~~~\r\n')).toEqual({ code: 'a = 1', language: null, complete: true })
  })

  it('keeps blank lines and indentation inside the block', () => {
    expect(extractCode('```julia\n    a = 1\n\n    b = 2\n```').code).toBe('    a = 1\n\n    b = 2')
  })
})

describe('matchFinalNewline', () => {
  it('ends the proposal the way the original ends', () => {
    expect(matchFinalNewline('a\n', 'b')).toBe('b\n')
    expect(matchFinalNewline('a\r\n', 'b')).toBe('b\r\n')
    expect(matchFinalNewline('a', 'b\n')).toBe('b')
    expect(matchFinalNewline('a\n', 'b\n')).toBe('b\n')
    expect(matchFinalNewline('', 'b')).toBe('b')
  })
})
