// A build's log in memory, capped: the first and the last HALF bytes are kept (the start says what
// was built, the end says how it ended), with a line saying how much was left out between them.
import type { JuliacDiagnostic } from '../../../src-preload/contract'
import type { RawDiagnostic } from './log/parse'
import { workspacePathOf } from '../julia/tests/test-run-service'

export const OMITTED_MARK = '[kiln] … log cut here:'

export class CappedLog {
  private head = ''
  private tail = ''
  private dropped = 0

  constructor(private readonly half = 2 * 1024 * 1024) {}

  append(text: string): void {
    if (this.dropped === 0 && this.head.length + text.length <= this.half) {
      this.head += text
      return
    }
    if (this.head.length < this.half) {
      const room = this.half - this.head.length
      this.head += text.slice(0, room)
      text = text.slice(room)
    }
    this.tail += text
    if (this.tail.length > this.half) {
      this.dropped += this.tail.length - this.half
      this.tail = this.tail.slice(this.tail.length - this.half)
    }
  }

  get truncated(): boolean {
    return this.dropped > 0
  }

  text(): string {
    if (this.dropped === 0) return this.head + this.tail
    return `${this.head}\n${OMITTED_MARK} ${this.dropped} characters left out …\n${this.tail}`
  }
}

/** A frame's file as juliac printed it (absolute, relative, `~/…`, Windows backslashes) -> workspace path. */
export function mapDiagnostics(raw: readonly RawDiagnostic[], root: string, baseDir: string): JuliacDiagnostic[] {
  return raw.map((d) => ({
    severity: d.severity,
    index: d.index,
    message: d.message,
    frames: d.frames.map((f) => {
      const file = /^[A-Za-z]:\\/.test(f.file) ? f.file : f.file.replace(/\\/g, '/')
      // Julia prints its own files relative (`@ Base ./version.jl:126`, `version.jl:126`) and the
      // user's absolute (or `~/…`): a relative frame is Base's or a stdlib's, never the workspace's.
      const ours = file.startsWith('/') || file === '~' || file.startsWith('~/')
      return { func: f.func, file: f.file, line: f.line, path: ours ? workspacePathOf(file, root, baseDir) : null }
    }),
  }))
}
