// @terminal's text from xterm: the selection when there is one, else the buffer's last logical
// lines (wrapped rows joined, trailing blank rows dropped).
import { describe, expect, it } from 'vitest'
import type { IBuffer, IBufferLine } from '@xterm/xterm'
import { bufferTail, terminalText } from '../../src-renderer/panels/terminal/terminal-text'

/** A buffer of rows; a row starting with '↪' continues the previous one (isWrapped). */
function buffer(rows: string[]): IBuffer {
  const lines = rows.map((r) => ({ isWrapped: r.startsWith('↪'), translateToString: () => r.replace(/^↪/, '') }) as unknown as IBufferLine)
  return { length: lines.length, getLine: (i: number) => lines[i] } as unknown as IBuffer
}

describe('terminal text for @terminal', () => {
  it('joins wrapped rows, drops trailing blank rows, and keeps the last lines', () => {
    const b = buffer(['$ make', 'error: a very long li', '↪ne that wrapped', '$ ', '', '   '])
    expect(bufferTail(b, 10)).toBe('$ make\nerror: a very long line that wrapped\n$ ')
    expect(bufferTail(b, 2)).toBe('error: a very long line that wrapped\n$ ')
    expect(bufferTail(buffer([]), 5)).toBe('')
  })

  it('prefers a non-blank selection', () => {
    const term = (sel: string) => ({ hasSelection: () => sel !== '', getSelection: () => sel, buffer: { active: buffer(['one', 'two']) } }) as unknown as Parameters<typeof terminalText>[0]
    expect(terminalText(term('picked'), 5)).toEqual({ text: 'picked', selected: true })
    expect(terminalText(term('  \n'), 5)).toEqual({ text: 'one\ntwo', selected: false })
    expect(terminalText(term(''), 5)).toEqual({ text: 'one\ntwo', selected: false })
  })
})
