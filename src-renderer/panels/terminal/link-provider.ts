// xterm link provider for file links: joins a wrapped line back into one logical line, finds the
// links in its text (links.ts), maps string offsets to buffer cells (wide characters take two),
// and keeps only links to files that exist inside the workspace.
import type { IBuffer, IBufferLine, ILink, ILinkProvider } from '@xterm/xterm'
import { findFileLinks, type FileLinkMatch } from './links'

export interface FileLinkTarget {
  /** Workspace-relative path for a printed path, or null when it is not inside the workspace. */
  resolve(printed: string): string | null
  exists(path: string): Promise<boolean>
  open(path: string, line: number, column?: number): void
}

interface Cell {
  x: number // 1-based, as xterm's link ranges are
  y: number
}

/** The logical line around buffer row `row` (0-based): its text and the cell of each character. */
export function logicalLine(buffer: IBuffer, row: number): { text: string; cells: Cell[] } {
  let first = row
  while (first > 0 && buffer.getLine(first)?.isWrapped) first--
  let last = row
  while (buffer.getLine(last + 1)?.isWrapped) last++
  let text = ''
  const cells: Cell[] = []
  for (let y = first; y <= last; y++) {
    const line = buffer.getLine(y)
    if (line) text += lineText(line, y + 1, cells)
  }
  return { text, cells }
}

function lineText(line: IBufferLine, y: number, cells: Cell[]): string {
  let text = ''
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x)
    if (!cell || cell.getWidth() === 0) continue // the right half of a wide character
    const chars = cell.getChars() || ' '
    text += chars
    for (let i = 0; i < chars.length; i++) cells.push({ x: x + 1, y })
  }
  return text
}

export function createFileLinkProvider(getBuffer: () => IBuffer, target: FileLinkTarget): ILinkProvider {
  return {
    provideLinks(bufferLineNumber, callback) {
      const row = bufferLineNumber - 1
      const { text, cells } = logicalLine(getBuffer(), row)
      const candidates: Array<{ match: FileLinkMatch; path: string; start: Cell; end: Cell }> = []
      for (const match of findFileLinks(text)) {
        const start = cells[match.start]
        const end = cells[match.end - 1]
        const path = target.resolve(match.path)
        // Each row of a wrapped line asks separately: answer only for links touching this row.
        if (!start || !end || !path || end.y < bufferLineNumber || start.y > bufferLineNumber) continue
        candidates.push({ match, path, start, end })
      }
      if (candidates.length === 0) return callback(undefined)
      void Promise.all(candidates.map((c) => target.exists(c.path).catch(() => false))).then((exists) => {
        const links: ILink[] = candidates
          .filter((_, i) => exists[i])
          .map(({ match, path, start, end }) => ({
            range: { start, end },
            text: match.text,
            decorations: { pointerCursor: true, underline: true },
            activate: () => target.open(path, match.line, match.column),
          }))
        callback(links.length > 0 ? links : undefined)
      })
    },
  }
}
