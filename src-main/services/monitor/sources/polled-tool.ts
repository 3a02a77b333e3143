// A slow GPU tool (rocm-smi, amd-smi: Python programs taking ~100 ms of CPU each) run in the
// background at a low rate. The last good answer is what samples use; a tool that fails is
// retried only at a sixth of the rate, so a broken install never becomes a spawn loop.
import { readFile } from 'node:fs/promises'
import type { MonitorSource } from '../../../../src-preload/contract'
import { findOnPath, isExecutableFile, type ExecResult } from '../../doctor/exec'
import { judgeRun, TOOL_FIX } from './judge'
import { runTool, type ToolRun } from './tool-exec'
import type { ParseResult, ToolGpu } from './types'

/** After a failure (or while missing) the next try waits this many intervals. */
export const FAILURE_BACKOFF = 6

export type PolledToolSpec = {
  id: 'rocm-smi' | 'amd-smi'
  args: string[]
  /** Looked in after PATH. */
  places: string[]
  parse: (stdout: string) => ParseResult
}

export type PolledToolOptions = {
  env: NodeJS.ProcessEnv
  intervalMs: number
  timeoutMs: number
  /** A file whose content stands in for the tool's stdout at each run. */
  replayFile?: string
}

export class PolledTool {
  private source: MonitorSource
  private gpus: ToolGpu[] = []
  private nextAt = 0
  private inFlight: Promise<void> | null = null
  private run: ToolRun | null = null
  private disposed = false

  constructor(
    private readonly spec: PolledToolSpec,
    private readonly o: PolledToolOptions,
  ) {
    this.source = { id: spec.id, state: 'ok', message: 'starting', fix: null }
  }

  /** Starts a run when one is due; never waits for it. */
  tick(now: number): void {
    if (this.disposed || this.inFlight || now < this.nextAt) return
    this.inFlight = this.runOnce().finally(() => {
      this.inFlight = null
    })
  }

  /** Resolves when the run in flight (if any) has finished; it ends by the timeout at the latest. */
  settle(): Promise<void> {
    return this.inFlight ?? Promise.resolve()
  }

  result(): { gpus: ToolGpu[]; source: MonitorSource } {
    return { gpus: this.source.state === 'ok' ? this.gpus : [], source: this.source }
  }

  dispose(): void {
    this.disposed = true
    this.run?.kill()
  }

  private async runOnce(): Promise<void> {
    const started = Date.now()
    const r = await this.execute()
    if (this.disposed || r === null) return
    const judged = judgeRun(this.spec.id, r, this.spec.parse, { timeoutMs: this.o.timeoutMs, ...TOOL_FIX[this.spec.id] })
    if (judged.ok) {
      this.gpus = judged.gpus
      this.source = { id: this.spec.id, state: 'ok', message: judged.message, fix: null }
      this.nextAt = started + this.o.intervalMs
    } else {
      this.gpus = []
      this.source = judged.source
      this.nextAt = Date.now() + this.o.intervalMs * FAILURE_BACKOFF
    }
  }

  /** The tool's output, or null once missing is recorded. */
  private async execute(): Promise<ExecResult | null> {
    if (this.o.replayFile !== undefined) {
      const text = await readFile(this.o.replayFile, 'utf8').catch((e: Error) => e)
      return typeof text === 'string'
        ? { code: 0, stdout: text, stderr: '' }
        : { code: null, stdout: '', stderr: '', failure: 'other', failureMessage: `cannot read the replay file ${this.o.replayFile}: ${text.message}` }
    }
    const file = await this.locate()
    if (file === null) {
      const where = ['PATH', ...this.spec.places.map((p) => p.replace(/\/[^/]+$/, ''))].join(' or ')
      this.gpus = []
      this.source = { id: this.spec.id, state: 'missing', message: `${this.spec.id} is not in ${where}`, fix: TOOL_FIX[this.spec.id].fix }
      this.nextAt = Date.now() + this.o.intervalMs * FAILURE_BACKOFF
      return null
    }
    this.run = runTool(file, this.spec.args, { timeoutMs: this.o.timeoutMs, env: this.o.env })
    try {
      return await this.run.result
    } finally {
      this.run = null
    }
  }

  private async locate(): Promise<string | null> {
    const onPath = await findOnPath(this.spec.id, this.o.env.PATH)
    if (onPath) return onPath
    for (const place of this.spec.places) if (await isExecutableFile(place)) return place
    return null
  }
}
