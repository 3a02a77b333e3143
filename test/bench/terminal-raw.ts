// Baseline for the terminal benchmark: how fast node-pty alone delivers output on this machine.
// A pty runs `head -c N /dev/zero | tr '\0' x` and we count the characters node-pty hands us, with
// no batching, IPC or rendering. The full-path figure (pty -> main -> WebSocket -> xterm) is
// reported as a ratio against this one, measured in the same run.
import { pathToFileURL } from 'node:url'
import { loadNodePtySpawn } from '../../src-main/services/terminal/pty'

export interface RawPtyResult {
  bytes: number
  ms: number
  bytesPerSec: number
}

export async function measureRawPty(bytes: number): Promise<RawPtyResult> {
  const spawn = await loadNodePtySpawn()
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' }
  return new Promise((resolve, reject) => {
    const start = performance.now()
    let received = 0
    // The trailing sleep keeps the pty open until we have read everything: Linux may drop what is
    // still buffered in a pty whose last writer has exited.
    const script = `head -c ${Math.floor(bytes)} /dev/zero | tr '\\0' x; exec sleep 60`
    const pty = spawn('/bin/sh', ['-c', script], { name: 'xterm-256color', cols: 200, rows: 50, cwd: process.cwd(), env })
    const done = (result: Error | RawPtyResult) => {
      data.dispose()
      exit.dispose()
      pty.kill('SIGKILL')
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const data = pty.onData((chunk) => {
      received += chunk.length // every character is the one-byte 'x'
      if (received < bytes) return
      const ms = performance.now() - start
      done({ bytes: received, ms, bytesPerSec: (received / ms) * 1000 })
    })
    const exit = pty.onExit(({ exitCode }) => done(new Error(`pty exited (${exitCode}) after ${received} of ${bytes} bytes`)))
  })
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 64)
  const runs = Number(process.argv[3] ?? 3)
  for (let i = 0; i < runs; i++) {
    const r = await measureRawPty(mb * 1024 * 1024)
    console.log(`raw pty: ${mb} MB in ${r.ms.toFixed(0)} ms = ${(r.bytesPerSec / 1e6).toFixed(1)} MB/s`)
  }
}

// `node --import tsx test/bench/terminal-raw.ts [MB] [runs]` prints the figure on its own.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main()
