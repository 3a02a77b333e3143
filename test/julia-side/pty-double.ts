// The julia double in a real pty (@lydell/node-pty, as Kiln's terminal service runs the REPL).
import { join } from 'node:path'
import type { PtyLike } from '../../src-main/services/terminal/pty'
import { loadNodePtySpawn } from '../../src-main/services/terminal/pty'

export const DOUBLE = join(__dirname, '../fixtures/julia-double/julia')
export const KILN_JL = join(__dirname, '../../resources/julia/kiln.jl')

export type Exit = { exitCode: number; signal?: number }

export class PtyDouble {
  output = ''
  readonly exited: Promise<Exit>
  private constructor(readonly pty: PtyLike) {
    pty.onData((d) => (this.output += d))
    this.exited = new Promise((resolve) => pty.onExit(resolve))
  }

  static async start(args: string[], env: Record<string, string>, cwd: string): Promise<PtyDouble> {
    const spawn = await loadNodePtySpawn()
    const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined))
    return new PtyDouble(spawn(DOUBLE, args, { name: 'xterm-256color', cols: 120, rows: 30, cwd, env: { ...base, ...env } }))
  }

  /** Output as a user reads the screen: a line cleared with `\r ESC[2K` is gone, colours stripped. */
  get plain(): string {
    return this.output.replace(/[^\n]*\r\x1b\[2K/g, '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')
  }

  async waitFor(pattern: RegExp, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms
    while (!pattern.test(this.plain)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${this.plain.slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  /** Waits for the count of `julia> ` prompts to reach n. */
  waitForPrompts(n: number, ms?: number): Promise<void> {
    return this.waitFor(new RegExp(`(julia> [\\s\\S]*){${n}}`), ms)
  }

  type(text: string): void {
    this.pty.write(text)
  }

  kill(): void {
    try {
      this.pty.kill()
    } catch {
      // already gone
    }
  }
}
