// Runs a built program once, inside limits (see isolation.ts), and reports what it did: exit
// code or signal, stdout and stderr (each capped), wall time and the peak memory of its tree.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunResult } from '../../../../src-preload/contract'
import { KilnError } from '../../../router'
import { TreeSampler } from '../metrics'
import { findTools, wrapCommand, type IsolationTools } from './isolation'

export const OUTPUT_CAP = 1024 * 1024

export type RunOptions = { args: string[]; timeoutS: number; memoryMb: number; network: boolean }

let cachedTools: Promise<IsolationTools> | null = null
/** What this machine offers, found once per process. */
export const isolationTools = (): Promise<IsolationTools> => (cachedTools ??= findTools())

export async function runProgram(program: string, o: RunOptions, tools?: IsolationTools): Promise<RunResult> {
  const workDir = await mkdtemp(join(tmpdir(), 'kiln-run-'))
  try {
    const wrapped = wrapCommand(program, o.args, { tools: tools ?? (await isolationTools()), workDir, timeoutS: o.timeoutS, memoryMb: o.memoryMb, network: o.network })
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: process.env.LANG ?? 'C.UTF-8', HOME: workDir, TMPDIR: workDir }
    return await new Promise<RunResult>((resolve, reject) => {
      const started = performance.now()
      const detached = process.platform !== 'win32'
      const child = spawn(wrapped.file, wrapped.args, { cwd: workDir, env, detached, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] })
      const sampler = child.pid ? new TreeSampler(child.pid, { intervalMs: 50 }).start() : null
      const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] }
      const size = { stdout: 0, stderr: 0 }
      let truncated = false
      for (const name of ['stdout', 'stderr'] as const) {
        child[name]?.on('data', (b: Buffer) => {
          const room = OUTPUT_CAP - size[name]
          if (b.length > room) truncated = true
          if (room <= 0) return
          const part = b.length > room ? b.subarray(0, room) : b
          out[name].push(part)
          size[name] += part.length
        })
      }
      let timedOut = false
      const killGroup = (): void => {
        try {
          if (detached && child.pid) process.kill(-child.pid, 'SIGKILL')
          else child.kill('SIGKILL')
        } catch {
          // gone already
        }
      }
      const timer = setTimeout(() => {
        timedOut = true
        killGroup()
      }, o.timeoutS * 1000)
      let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null
      let settled = false
      const finish = async (): Promise<void> => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearTimeout(closeTimer)
        const usage = (await sampler?.stop()) ?? { peakRssBytes: null }
        const e = exit ?? { code: child.exitCode, signal: child.signalCode }
        resolve({
          exitCode: e.code,
          signal: e.signal,
          stdout: Buffer.concat(out.stdout).toString('utf8'),
          stderr: Buffer.concat(out.stderr).toString('utf8'),
          truncated,
          wallMs: Math.round(performance.now() - started),
          peakRssBytes: usage.peakRssBytes,
          timedOut,
          isolation: wrapped.isolation,
        })
      }
      let closeTimer: NodeJS.Timeout | undefined
      child.once('error', (e) => {
        clearTimeout(timer)
        void sampler?.stop()
        settled = true
        reject(new KilnError('PROCESS', `could not run ${program}: ${e.message}`))
      })
      child.once('exit', (code, signal) => {
        exit = { code, signal }
        killGroup() // whatever it left running in its group goes with it
        closeTimer = setTimeout(() => void finish(), 1_000)
      })
      child.once('close', () => void finish())
    })
  } finally {
    await rm(workDir, { recursive: true, force: true }).catch(() => {})
  }
}
