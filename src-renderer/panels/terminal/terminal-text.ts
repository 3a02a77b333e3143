// What a terminal shows, as plain text for the model (@terminal): its selection when there is one,
// else the last lines of its buffer as rendered (escape sequences already applied, wrapped rows
// joined back into their lines, trailing blank rows dropped).
import type { IBuffer, Terminal } from '@xterm/xterm'

export type TerminalText = { text: string; selected: boolean }

/** The last `max` logical lines of a buffer, read from the end (the scrollback may be long). */
export function bufferTail(buffer: IBuffer, max: number): string {
  const lines: string[] = []
  let pending = ''
  for (let row = buffer.length - 1; row >= 0 && lines.length < max; row--) {
    const line = buffer.getLine(row)
    if (!line) continue
    pending = line.translateToString(true) + pending
    if (line.isWrapped) continue // the row before holds this line's start
    if (lines.length > 0 || pending.trim() !== '') lines.push(pending) // trailing blank rows are dropped
    pending = ''
  }
  return lines.reverse().join('\n')
}

export function terminalText(term: Pick<Terminal, 'hasSelection' | 'getSelection' | 'buffer'>, maxLines: number): TerminalText {
  if (term.hasSelection()) {
    const text = term.getSelection()
    if (text.trim() !== '') return { text, selected: true }
  }
  return { text: bufferTail(term.buffer.active, maxLines), selected: false }
}
