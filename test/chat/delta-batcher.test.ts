// Streamed pieces to chat:delta events: at once until something visible went out, then batched.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DeltaBatcher } from '../../src-main/services/chat/delta-batcher'

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe('DeltaBatcher', () => {
  it('sends white space at once, then the first visible piece, then batches every 20 ms', () => {
    const sent: string[] = []
    const b = new DeltaBatcher((t) => sent.push(t), 20)
    b.push('\n')
    b.push('')
    b.push(' ')
    b.push('Hello')
    expect(sent).toEqual(['\n', ' ', 'Hello'])
    b.push(',')
    b.push(' world')
    expect(sent).toHaveLength(3)
    vi.advanceTimersByTime(20)
    expect(sent).toEqual(['\n', ' ', 'Hello', ', world'])
    b.push('!')
    b.flush()
    expect(sent.at(-1)).toBe('!')
    vi.advanceTimersByTime(100)
    expect(sent).toHaveLength(5)
  })
})
