// Stack frame lines in the two shapes juliac prints.
//  Julia's backtrace (verifier errors, `ERROR:` stack traces), two lines per frame:
//     [3] parse(::Type{VersionNumber}, v::String)
//       @ Base version.jl:146 [inlined]
//  (the `@` line may lack the module, and on Windows carries backslash paths)
//  The C-level backtrace after `signal (11)` or `fatal: error thrown…`, one line per frame:
//    jl_create_native at /buildworker/.../src/aotcompile.cpp:310
//    __libc_start_main at /lib/libc.so.6 (unknown line)
import type { RawFrame } from './types'

const JULIA_FRAME_HEAD = /^\s*\[(\d+)\] (.+?)\s*$/
const JULIA_FRAME_AT = /^\s*@ (.+?)(?: \[inlined\])?\s*$/
const MODULE_NAME = /^[A-Za-z_][\w.!]*$/
const C_FRAME = /^(\S.*?) at (.+?)(?::(\d+))?(?: \[inlined\])?\s*$/
const C_FRAME_UNKNOWN_LINE = /^(\S.*?) at (.+?) \(unknown line\)\s*$/

/** `[3] parse(…)` → the function text; null when the line is not a frame head. */
export function juliaFrameHead(line: string): string | null {
  const m = JULIA_FRAME_HEAD.exec(line)
  return m ? m[2]! : null
}

/** `@ Base version.jl:146 [inlined]` / `@ ~/app/src/App.jl:6` / `@ Base strings\io.jl:143`. */
export function juliaFrameAt(line: string): { file: string; line: number | null } | null {
  const m = JULIA_FRAME_AT.exec(line)
  if (!m) return null
  let where = m[1]!
  const space = where.indexOf(' ')
  // A module name comes first when Julia knows it; a path may itself hold spaces (Windows).
  if (space > 0 && MODULE_NAME.test(where.slice(0, space))) where = where.slice(space + 1)
  return splitFileLine(where)
}

/** `file:12` → file and line; the line is the digits after the last colon (Windows drives keep theirs). */
export function splitFileLine(where: string): { file: string; line: number | null } {
  const m = /^(.*):(\d+)$/.exec(where)
  if (m && m[1] !== '') return { file: m[1]!, line: Number(m[2]) }
  return { file: where, line: null }
}

/** A C-level backtrace line, or null. Frames with no file (`unknown function (ip: …)`) are skipped. */
export function cFrame(line: string): RawFrame | null {
  if (line.startsWith('in expression starting at')) return null
  const unknown = C_FRAME_UNKNOWN_LINE.exec(line)
  if (unknown) return { func: unknown[1]!, file: unknown[2]!, line: null }
  const m = C_FRAME.exec(line)
  if (!m) return null
  if (m[2] === '(unknown file)' || m[1]!.startsWith('unknown function')) return null
  if (m[3] === undefined) return null
  return { func: m[1]!, file: m[2]!, line: Number(m[3]) }
}
