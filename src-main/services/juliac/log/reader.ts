// Streaming reader of juliac's output: feed it chunks as they arrive, get back the phase when it
// changes and each diagnostic once it is complete. See phases.ts for the phase markers and
// frames.ts for the stack frame shapes.
import { cFrame, juliaFrameAt, juliaFrameHead } from './frames'
import { LineSplitter } from './lines'
import { phaseOfLine, phaseRank } from './phases'
import type { BuildPhase, JuliacLogTotals, RawDiagnostic, ReaderStep } from './types'

type Open = {
  diag: RawDiagnostic
  /** 'message': header seen; 'gap': a blank line after the message; 'frames': in the stack trace */
  stage: 'message' | 'gap' | 'frames'
  /** A `[n] func` line waiting for its `@ file:line`. */
  pendingFunc: string | null
}

const VERIFIER = /^Verifier (error|warning) #(\d+): ?(.*)$/
const NEW_ERROR = /^Error #(\d+): ?(.*)$/
const SIGNAL = /^(?:\[\d+\] )?(signal \(?\d+\)?(?: \([^)]*\))?: .*)$/
const SUMMARY_BOTH = /^Trim verify finished with (\d+) errors?, (\d+) warnings?\.\s*$/
const SUMMARY_ONE = /^Trim verify finished with (\d+) (errors?|warnings?)\.\s*$/
const SUMMARY_TRIMCHECK = /^Verifier errors: (\d+), warnings: (\d+)\s*$/
const SPINNER_RUN_ON = /^([◐◓◑◒✓] )?Compiling\.\.\.(.+)$/

export class JuliacLogReader {
  private readonly splitter = new LineSplitter()
  private open: Open | null = null
  private ready: RawDiagnostic[] = []
  private current: BuildPhase | undefined
  private counted = { error: 0, warning: 0 }
  private summaryErrors: number | null = null
  private summaryWarnings: number | null = null
  private summaryLines: string[] = []

  constructor(startPhase?: BuildPhase) {
    this.current = startPhase
  }

  /** The phase shown so far (undefined until a marker appears, unless one was given to start with). */
  get phase(): BuildPhase | undefined {
    return this.current
  }

  push(chunk: string): ReaderStep {
    const before = this.current
    for (const line of this.splitter.push(chunk)) this.line(line)
    // A spinner redraws without a newline for as long as the compiler runs: show it already.
    const partial = this.splitter.peek()
    if (partial !== '') {
      const p = phaseOfLine(partial.replace(SPINNER_RUN_ON, '$1Compiling...'), this.compiledOk())
      if (p === 'compiling') this.advance(p)
    }
    return this.step(before)
  }

  end(): ReaderStep & JuliacLogTotals {
    const before = this.current
    for (const line of this.splitter.end()) this.line(line)
    this.close()
    const step = this.step(before)
    return { ...step, errors: this.summaryErrors ?? this.counted.error, warnings: this.summaryWarnings ?? this.counted.warning, summary: this.summaryLines.length > 0 ? this.summaryLines.join('\n') : null }
  }

  private step(before: BuildPhase | undefined): ReaderStep {
    const diagnostics = this.ready
    this.ready = []
    return this.current !== before && this.current !== undefined ? { phase: this.current, diagnostics } : { diagnostics }
  }

  private compiledOk(): boolean {
    return (this.summaryErrors ?? 0) === 0 && this.counted.error === 0 && this.open === null
  }

  private advance(p: BuildPhase): void {
    if (this.current === undefined || phaseRank(p) > phaseRank(this.current)) this.current = p
  }

  private line(raw: string): void {
    // The spinner's last frame and the compiler's next output can share a line:
    // `◑ Compiling...fatal: error thrown and no exception handler available.`
    const runOn = SPINNER_RUN_ON.exec(raw)
    if (runOn) {
      this.line(`${runOn[1] ?? ''}Compiling...`)
      this.line(runOn[2]!)
      return
    }
    const phase = phaseOfLine(raw, this.compiledOk())
    if (this.open && this.continues(raw)) return
    this.close()
    if (phase) this.advance(phase)
    this.header(raw)
  }

  /** Feeds a line to the open diagnostic; false when the line ends it. */
  private continues(line: string): boolean {
    const o = this.open!
    const blank = line.trim() === ''
    if (o.stage === 'frames') {
      if (blank) return false
      const head = juliaFrameHead(line)
      if (head !== null) {
        this.flushPending()
        o.pendingFunc = head
        return true
      }
      const at = juliaFrameAt(line)
      if (at) {
        o.diag.frames.push({ func: o.pendingFunc ?? '', ...at })
        o.pendingFunc = null
        return true
      }
      if (/^\s*⋮/.test(line)) return true // `⋮ internal @ Base, Unknown`: elided frames
      const c = o.pendingFunc === null ? cFrame(line) : null
      if (c) {
        o.diag.frames.push(c)
        return true
      }
      if (line.startsWith('in expression starting at') || /^unknown function \(ip: /.test(line)) return true
      return false
    }
    if (line.trim() === 'Stacktrace:') {
      o.stage = 'frames'
      return true
    }
    if (o.stage === 'gap') return false
    if (blank) {
      o.stage = 'gap'
      return true
    }
    if (line.startsWith('in expression starting at') || /^unknown function \(ip: /.test(line)) {
      o.stage = 'frames'
      return true
    }
    const c = cFrame(line)
    if (c) {
      o.stage = 'frames'
      o.diag.frames.push(c)
      return true
    }
    if (this.isHeaderOrSummary(line)) return false
    o.diag.message += `\n${line}`
    return true
  }

  private isHeaderOrSummary(line: string): boolean {
    return VERIFIER.test(line) || NEW_ERROR.test(line) || SIGNAL.test(line) || /^(?:ERROR: |fatal: |Exception: )/.test(line) || /^(?:Trim verify finished with |Verifier errors: )/.test(line)
  }

  private header(line: string): void {
    let m: RegExpExecArray | null
    if ((m = SUMMARY_BOTH.exec(line))) {
      this.summaryErrors = Number(m[1])
      this.summaryWarnings = Number(m[2])
      this.summaryLines.push(line.trim())
    } else if ((m = SUMMARY_TRIMCHECK.exec(line))) {
      this.summaryErrors = Number(m[1])
      this.summaryWarnings = Number(m[2])
      this.summaryLines.push(line.trim())
    } else if ((m = SUMMARY_ONE.exec(line))) {
      if (m[2]!.startsWith('error')) this.summaryErrors = Number(m[1])
      else this.summaryWarnings = Number(m[1])
      this.summaryLines.push(line.trim())
    } else if ((m = VERIFIER.exec(line))) {
      this.openDiag(m[1] === 'warning' ? 'warning' : 'error', Number(m[2]), m[3]!)
    } else if ((m = NEW_ERROR.exec(line))) {
      this.openDiag('error', Number(m[1]), m[2]!)
    } else if ((m = SIGNAL.exec(line))) {
      this.openDiag('error', null, m[1]!)
    } else if (/^(?:ERROR: |fatal: |Exception: )/.test(line)) {
      this.openDiag('error', null, line.startsWith('ERROR: ') ? line.slice('ERROR: '.length) : line)
    }
  }

  private openDiag(severity: 'error' | 'warning', index: number | null, message: string): void {
    this.open = { diag: { severity, index, message: message.trimEnd(), frames: [] }, stage: 'message', pendingFunc: null }
  }

  private flushPending(): void {
    const o = this.open
    if (o?.pendingFunc != null) {
      o.diag.frames.push({ func: o.pendingFunc, file: '', line: null })
      o.pendingFunc = null
    }
  }

  private close(): void {
    if (!this.open) return
    this.flushPending()
    const d = this.open.diag
    this.open = null
    this.counted[d.severity] += 1
    this.ready.push(d)
  }
}
