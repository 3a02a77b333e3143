// The ring of recently edited chunks sent with each completion as /infill's input_extra (as
// llama.vscode does): the ~20 lines around each edit in any open Julia file, newest last, at most
// 8. Editing inside a chunk already held replaces it, so typing in one place keeps one chunk.

export type RingChunk = { filename: string; text: string; startLine: number; endLine: number }

/**
 * Characters sent before and after the cursor with each completion: more than main's window
 * (complete-prompt.ts), which it cuts at line starts and ends; a test holds the two together.
 */
export const SEND_AROUND = { before: 8000, after: 2000 } as const

export const RING_SIZE = 8
export const CHUNK_LINES = 20

export class EditRing {
  private chunks: RingChunk[] = []

  constructor(
    private readonly size = RING_SIZE,
    private readonly lines = CHUNK_LINES,
  ) {}

  /** Notes an edit at `line` (1-based) of `filename`; `getLine(n)` reads the file now, `lineCount` its length. */
  noteEdit(filename: string, line: number, lineCount: number, getLine: (n: number) => string): void {
    const half = Math.floor(this.lines / 2)
    const startLine = Math.max(1, Math.min(line - half, lineCount - this.lines + 1))
    const endLine = Math.min(lineCount, startLine + this.lines - 1)
    const text: string[] = []
    for (let n = startLine; n <= endLine; n++) text.push(getLine(n))
    const chunk: RingChunk = { filename, text: text.join('\n') + '\n', startLine, endLine }
    // A chunk overlapping this one in the same file is the same place, seen earlier: drop it.
    this.chunks = this.chunks.filter((c) => c.filename !== filename || c.endLine < startLine || c.startLine > endLine)
    if (chunk.text.trim() === '') return
    this.chunks.push(chunk)
    if (this.chunks.length > this.size) this.chunks.splice(0, this.chunks.length - this.size)
  }

  /** A file closed or renamed: its chunks go. */
  forget(filename: string): void {
    this.chunks = this.chunks.filter((c) => c.filename !== filename)
  }

  /**
   * The chunks to send for a completion at `line` of `filename`, oldest first; the chunk around
   * the cursor is left out (the prefix and suffix already hold it).
   */
  extra(filename: string, line: number): { filename: string; text: string }[] {
    return this.chunks
      .filter((c) => c.filename !== filename || line < c.startLine || line > c.endLine)
      .map((c) => ({ filename: c.filename, text: c.text }))
  }

  get length(): number {
    return this.chunks.length
  }
}
