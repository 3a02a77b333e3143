// Turning juliac's raw output into clean lines: ANSI colour codes stripped (Julia colours the
// verifier's headers and types), CRLF and lone-CR terminal overwrites (JuliaC's spinner redraws
// `\r◐ Compiling...`) resolved the way a terminal would show them.

const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g
const OTHER_ESC = /\x1b[@-Z\\-_]/g

export function stripAnsi(s: string): string {
  return s.replace(OSC, '').replace(CSI, '').replace(OTHER_ESC, '')
}

/** One complete line (no `\n`): drop colour codes, keep what a terminal shows after the last `\r`. */
export function cleanLine(raw: string): string {
  let line = stripAnsi(raw)
  if (line.endsWith('\r')) line = line.slice(0, -1)
  const cr = line.lastIndexOf('\r')
  if (cr >= 0) line = line.slice(cr + 1)
  return line
}

/** Splits streamed text into complete lines, keeping the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = ''

  push(chunk: string): string[] {
    const text = this.tail + chunk
    const parts = text.split('\n')
    this.tail = parts.pop() ?? ''
    return parts.map(cleanLine)
  }

  /** The unfinished line so far (cleaned), e.g. a spinner that has not printed its newline yet. */
  peek(): string {
    return cleanLine(this.tail)
  }

  end(): string[] {
    const rest = this.tail
    this.tail = ''
    return rest === '' ? [] : [cleanLine(rest)]
  }
}
