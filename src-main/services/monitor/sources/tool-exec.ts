// Running a GPU tool once: an argument vector (never a shell), its own process group so a timeout
// or dispose kills whatever it started too, stdout capped, and a result that never throws.
import { spawn, type ChildProcess } from 'node:child_process'
import type { ExecResult } from '../../doctor/exec'

export const MAX_TOOL_OUTPUT = 1024 * 1024

export type ToolRun = { result: Promise<ExecResult>; kill: () => void }

export function killGroup(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL')
    else child.kill('SIGKILL')
  } catch {
    // already gone
  }
}

export function runTool(file: string, args: readonly string[], o: { timeoutMs: number; env: NodeJS.ProcessEnv }): ToolRun {
  let child: ChildProcess | null = null
  let settle: (r: Omit<ExecResult, 'stdout' | 'stderr'>) => void = () => {}
  const out = { stdout: '', stderr: '' }
  const result = new Promise<ExecResult>((resolve) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    settle = (r) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (child) {
        child.stdout?.destroy()
        child.stderr?.destroy()
      }
      resolve({ ...r, stdout: out.stdout, stderr: out.stderr })
    }
    try {
      child = spawn(file, [...args], { env: o.env, detached: process.platform !== 'win32', windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (e) {
      settle({ code: null, failure: 'other', failureMessage: e instanceof Error ? e.message : String(e) })
      return
    }
    const c = child
    const collect = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[key].length < MAX_TOOL_OUTPUT) out[key] += chunk.toString('utf8').slice(0, MAX_TOOL_OUTPUT - out[key].length)
    }
    c.stdout?.on('data', collect('stdout'))
    c.stderr?.on('data', collect('stderr'))
    c.on('error', (e: NodeJS.ErrnoException) => {
      const failure = e.code === 'ENOENT' ? 'missing' : e.code === 'EACCES' ? 'not-executable' : 'other'
      settle({ code: null, failure, failureMessage: e.message })
    })
    c.on('close', (code, signal) => settle(code !== null ? { code } : { code: null, failure: 'other', failureMessage: `killed by ${signal ?? 'a signal'}` }))
    timer = setTimeout(() => {
      killGroup(c)
      settle({ code: null, failure: 'timeout', failureMessage: `no answer within ${o.timeoutMs} ms` })
    }, o.timeoutMs)
  })
  return {
    result,
    kill: () => {
      if (child) killGroup(child)
      settle({ code: null, failure: 'other', failureMessage: 'stopped' })
    },
  }
}
