// NVIDIA through one long-lived `nvidia-smi --query-gpu=… -lms N`: it prints a line per GPU each
// interval, so there is no spawn per sample. Lines are parsed as they stream. If it dies or goes
// quiet it is restarted, at most once every 30 s. Only started when nvidia-smi exists.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import type { MonitorSource } from '../../../../src-preload/contract'
import { findOnPath } from '../../doctor/exec'
import { judgeRun, TOOL_FIX } from './judge'
import { nvidiaSmiArgs, parseNvidiaSmiLine } from './nvidia-smi'
import { killGroup } from './tool-exec'
import { preview, type ToolGpu } from './types'

export const NVIDIA_RESTART_MS = 30_000
const MAX_LINE = 64 * 1024

export type NvidiaStreamOptions = { env: NodeJS.ProcessEnv; intervalMs: number; timeoutMs: number; replayFile?: string }

export class NvidiaStream {
  private source: MonitorSource = { id: 'nvidia-smi', state: 'ok', message: 'starting', fix: null }
  private readonly latest = new Map<number, { gpu: ToolGpu; at: number }>()
  private child: ChildProcess | null = null
  private startedAt = -Infinity
  private lastLineAt = -Infinity
  private pending = ''
  /** The first few KB of stdout and stderr, to say why it exited. */
  private said = ''
  private stderr = ''
  private disposed = false
  private replay: { lines: string[]; t0: number; applied: number } | null = null
  private replayLoading: Promise<void> | null = null

  constructor(private readonly o: NvidiaStreamOptions) {}

  /** Starts or restarts the process when due; notices a process that went quiet. */
  async tick(now: number): Promise<void> {
    if (this.disposed) return
    if (this.o.replayFile !== undefined) return this.tickReplay(now)
    const quietFor = now - Math.max(this.lastLineAt, this.startedAt)
    if (this.child && quietFor > this.o.timeoutMs + this.o.intervalMs * 3) {
      this.fail(`nvidia-smi printed nothing for ${Math.round(quietFor / 1000)} s and was stopped`)
      this.stop()
    }
    if (this.child || now - this.startedAt < NVIDIA_RESTART_MS) return
    const file = await findOnPath('nvidia-smi', this.o.env.PATH)
    if (this.disposed || this.child) return
    this.startedAt = now
    if (!file) {
      this.source = { id: 'nvidia-smi', state: 'missing', message: 'nvidia-smi is not on PATH', fix: TOOL_FIX['nvidia-smi'].fix }
      return
    }
    this.start(file)
  }

  result(now: number): { gpus: ToolGpu[]; source: MonitorSource } {
    // A GPU whose line is older than a few intervals is no longer being reported.
    const fresh = [...this.latest.values()].filter((e) => now - e.at <= Math.max(this.o.intervalMs * 5, this.o.timeoutMs))
    const gpus = this.source.state === 'ok' ? fresh.map((e) => e.gpu).sort((a, b) => a.index - b.index) : []
    return { gpus, source: this.source }
  }

  dispose(): void {
    this.disposed = true
    this.stop()
  }

  private start(file: string): void {
    this.pending = ''
    this.said = ''
    this.stderr = ''
    let child: ChildProcess
    try {
      child = spawn(file, nvidiaSmiArgs(this.o.intervalMs), {
        env: this.o.env,
        detached: process.platform !== 'win32',
        windowsHide: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    } catch (e) {
      this.fail(`nvidia-smi could not start: ${e instanceof Error ? e.message : String(e)}`)
      return
    }
    this.child = child
    if (this.source.message === 'starting') this.source = { ...this.source, message: 'waiting for the first line' }
    child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk.toString('utf8')))
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < MAX_LINE) this.stderr += chunk.toString('utf8')
    })
    child.on('error', (e) => {
      if (this.child !== child) return
      this.child = null
      this.fail(`nvidia-smi could not run: ${e.message}`)
    })
    child.on('close', (code, signal) => {
      if (this.child !== child) return
      this.child = null
      this.onData('\n')
      // Exit 9 with "couldn't communicate with the NVIDIA driver" and the like: judged like a one-shot tool.
      const judged = judgeRun('nvidia-smi', { code, stdout: this.said, stderr: this.stderr }, () => ({ gpus: [] }), {
        timeoutMs: this.o.timeoutMs,
        ...TOOL_FIX['nvidia-smi'],
      })
      const why = judged.ok ? `nvidia-smi exited (${code ?? signal})` : judged.source.message
      this.fail(`${why}; restarting it within 30 s`, judged.ok ? undefined : (judged.source.fix ?? undefined))
    })
  }

  private onData(text: string): void {
    if (this.said.length < 4096) this.said += text
    const lines = (this.pending + text).split('\n')
    this.pending = (lines.pop() ?? '').slice(0, MAX_LINE)
    for (const line of lines) this.onLine(line, Date.now())
  }

  private onLine(line: string, now: number): void {
    if (line.trim() === '') return
    const gpu = parseNvidiaSmiLine(line)
    if (gpu === null) {
      this.lastLineAt = now
      if (this.latest.size === 0) this.fail(`nvidia-smi printed something that is not the CSV asked for: ${preview(line)}`)
      return
    }
    this.lastLineAt = now
    this.latest.set(gpu.index, { gpu, at: now })
    const n = this.latest.size
    this.source = { id: 'nvidia-smi', state: 'ok', message: `${n} GPU${n === 1 ? '' : 's'}`, fix: null }
  }

  private fail(message: string, fix: string = TOOL_FIX['nvidia-smi'].fix): void {
    this.source = { id: 'nvidia-smi', state: 'failing', message, fix }
    this.latest.clear()
  }

  private stop(): void {
    const c = this.child
    this.child = null
    if (c) {
      killGroup(c)
      c.stdout?.destroy()
      c.stderr?.destroy()
    }
  }

  /** Replay: the file's lines, one per interval, in a loop, as if nvidia-smi printed them. */
  private async tickReplay(now: number): Promise<void> {
    if (this.replay === null) {
      this.replayLoading ??= readFile(this.o.replayFile!, 'utf8').then(
        (text) => {
          this.replay = { lines: text.split('\n').filter((l) => l.trim() !== ''), t0: now, applied: -1 }
        },
        (e: Error) => this.fail(`cannot read the replay file ${this.o.replayFile}: ${e.message}`),
      )
      await this.replayLoading
      if (this.replay === null) return
    }
    const r = this.replay
    if (r.lines.length === 0) return this.fail('the replay file is empty')
    const due = Math.floor((now - r.t0) / Math.max(1, this.o.intervalMs))
    // Catch up at most one loop: the latest line per GPU is all that matters.
    for (let i = Math.max(r.applied + 1, due - r.lines.length + 1); i <= due; i++) this.onLine(r.lines[i % r.lines.length]!, now)
    r.applied = Math.max(r.applied, due)
  }
}
