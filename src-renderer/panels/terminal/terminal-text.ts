// What a terminal shows, as plain text for the model (@terminal): its selection when there is one,
// else the last lines of its buffer as rendered (escape sequences already applied, wrapped rows
// joined back into their lines, trailing blank rows dropped).
import type { IBuffer, Terminal } from '@xterm/xterm'

export type TerminalText = { text: string; selected: boolean }

/** The last `max` logical lines of a buffer. */
export function bufferTail(buffer: IBuffer, max: number): string {
  const lines: string[] = []
  for (let row = 0; row < buffer.length; row++) {
    const line = buffer.getLine(row)
    if (!line) continue
    const text = line.translateToString(true)
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text
    else lines.push(text)
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  return lines.slice(-max).join('\n')
}

export function terminalText(term: Pick<Terminal, 'hasSelection' | 'getSelection' | 'buffer'>, maxLines: number): TerminalText {
  if (term.hasSelection()) {
    const text = term.getSelection()
    if (text.trim() !== '') return { text, selected: true }
  }
  return { text: bufferTail(term.buffer.active, maxLines), selected: false }
}
