// @-mentions in the chat composer: where the menu opens, what it offers, how the typed mention
// leaves the draft once it is a chip; the budget line's words.
import { describe, expect, it } from 'vitest'
import { activeMention, budgetText, budgetWarning, chooseKind, filterMentionKinds, removeMention } from '../../src-renderer/panels/chat/mentions'
import type { ChatBudget } from '../../src-preload/contract'

describe('activeMention', () => {
  it('opens at an @ that starts the draft or follows whitespace', () => {
    expect(activeMention('@', 1)).toEqual({ start: 0, end: 1, kind: null, query: '' })
    expect(activeMention('look at @re', 11)).toEqual({ start: 8, end: 11, kind: null, query: 're' })
    expect(activeMention('line\n@pro', 9)).toMatchObject({ start: 5, query: 'pro' })
  })

  it('does not open inside a word, a macro call or after the mention ended', () => {
    expect(activeMention('mail me@host', 12)).toBeNull()
    expect(activeMention('x = y@time', 10)).toBeNull()
    expect(activeMention('@repl and', 9)).toBeNull()
  })

  it('reads the caret, not the end of the draft', () => {
    expect(activeMention('see @fi and more', 7)).toEqual({ start: 4, end: 7, kind: null, query: 'fi' })
  })

  it('after @file: the argument is the file query; an unknown kind closes the menu', () => {
    expect(activeMention('@file:src/ma', 12)).toEqual({ start: 0, end: 12, kind: 'file', query: 'src/ma' })
    expect(activeMention('@nope:x', 7)).toBeNull()
  })
})

describe('the menu and the draft', () => {
  it('offers kinds starting with the typed text first', () => {
    expect(filterMentionKinds('').map((k) => k.kind)).toEqual(['file', 'selection', 'repl', 'problems', 'terminal', 'build'])
    expect(filterMentionKinds('p').map((k) => k.kind)).toEqual(['problems', 'repl'])
    expect(filterMentionKinds('zz')).toEqual([])
  })

  it('removes the typed mention (and one space) when it becomes a chip', () => {
    expect(removeMention('see @repl now', { start: 4, end: 9 })).toEqual({ text: 'see now', caret: 4 })
    expect(removeMention('@build', { start: 0, end: 6 })).toEqual({ text: '', caret: 0 })
  })

  it('choosing file asks for a path next', () => {
    const m = activeMention('see @fi', 7)!
    expect(chooseKind('see @fi', m, 'file')).toEqual({ text: 'see @file:', caret: 10 })
  })
})

describe('the budget line', () => {
  const b = (over: Partial<ChatBudget>): ChatBudget => ({ contextSize: 8192, promptTokens: 1234, reserved: 1024, trimmedTurns: 0, fits: true, message: null, ...over })
  it('reads tokens against the context', () => {
    expect(budgetText(b({}))).toBe('1\u2009234 / 8\u2009192 tokens')
    expect(budgetText(b({ contextSize: null, promptTokens: 12 }))).toBe('12 tokens')
  })
  it('warns before sending when turns will be left out or the draft cannot fit', () => {
    expect(budgetWarning(b({}))).toBeNull()
    expect(budgetWarning(b({ trimmedTurns: 2 }))).toEqual({ level: 'warn', text: '2 oldest turns will be left out to fit.' })
    expect(budgetWarning(b({ fits: false, message: 'Too large: 9 000 tokens' }))).toEqual({ level: 'error', text: 'Too large: 9 000 tokens' })
  })
})
