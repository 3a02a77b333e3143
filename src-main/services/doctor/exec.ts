// Running a probe's program: an argument vector, a hard time limit, output capped, and a result
// that never throws. Also a PATH lookup that does not run `which`.
import { spawn, type ChildProcess } from 'node:child_process'
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { delimiter, isAbsolute, join } from 'node:path'

export type ExecResult = {
  /** Exit code; null when killed or when the program could not start. */
  code: number | null
  stdout: string
  stderr: string
  /** Why there is no ordinary exit: the program is missing, not executable, or ran out of time. */
  failure?: 'missing' | 'not-executable' | 'timeout' | 'other'
  failureMessage?: string
}

export type ExecOptions = { timeoutMs: number; env: NodeJS.ProcessEnv }
export type ExecFn = (file: string, args: readonly string[], opts: ExecOptions) => Promise<ExecResult>

const MAX_OUTPUT = 1024 * 1024

/**
 * The real exec. The child gets its own process group so that a timeout kills whatever it
 * started too (a shell wrapper, Julia's own children); and the promise settles at the deadline
 * even if some grandchild still holds the output pipes open.
 */
export const execProbe: ExecFn = (file, args, { timeoutMs, env }) =>
  new Promise<ExecResult>((resolve) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const out = { stdout: '', stderr: '' }
    const settle = (r: Omit<ExecResult, 'stdout' | 'stderr'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...r, stdout: out.stdout, stderr: out.stderr })
    }
    const detached = process.platform !== 'win32'
    let child: ChildProcess
    try {
      child = spawn(file, [...args], { env, detached, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (e) {
      settle({ code: null, failure: 'other', failureMessage: e instanceof Error ? e.message : String(e) })
      return
    }
    const collect = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[key].length < MAX_OUTPUT) out[key] += chunk.toString('utf8')
    }
    child.stdout?.on('data', collect('stdout'))
    child.stderr?.on('data', collect('stderr'))
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') settle({ code: null, failure: 'missing', failureMessage: e.message })
      else if (e.code === 'EACCES') settle({ code: null, failure: 'not-executable', failureMessage: e.message })
      else settle({ code: null, failure: 'other', failureMessage: e.message })
    })
    // 'close' (not 'exit'): all output has arrived by then.
    child.on('close', (code, signal) => {
      if (code !== null) settle({ code })
      else settle({ code: null, failure: 'other', failureMessage: `killed by ${signal ?? 'a signal'}` })
    })
    timer = setTimeout(() => {
      try {
        if (detached && child.pid) process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      } catch {
        // already gone
      }
      child.stdout?.destroy()
      child.stderr?.destroy()
      settle({ code: null, failure: 'timeout', failureMessage: `no answer within ${timeoutMs} ms` })
    }, timeoutMs)
  })

export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false
    await access(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable `name` on `PATH`, like `which`, without running anything. */
export async function findOnPath(name: string, pathVar: string | undefined): Promise<string | null> {
  if (!pathVar) return null
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : ['']
  for (const dir of pathVar.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue // a relative PATH entry would depend on our cwd
    for (const ext of exts) {
      const candidate = join(dir, name + ext)
      if (await isExecutableFile(candidate)) return candidate
    }
  }
  return null
}
