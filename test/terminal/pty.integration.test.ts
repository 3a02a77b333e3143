// The terminal service against the real @lydell/node-pty and /bin/sh: output comes back, a `yes`
// flood is held by flow control while a renderer-like consumer acks, Ctrl-C stops it promptly, and
// shutdown leaves no process behind.
import { readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import type { Emit } from '../../src-main/lib/events'
import { silentLogger } from '../../src-main/lib/log'
import { loadNodePtySpawn, type PtySpawn } from '../../src-main/services/terminal/pty'
import { TerminalService } from '../../src-main/services/terminal/terminal-service'

/** Alive means present and not a zombie. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

function childrenOf(pid: number): number[] {
  const kids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) kids.push(Number(name))
    } catch {
      // the process ended while we looked
    }
  }
  return kids
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/** The real node-pty spawn, counting the service's pause/resume calls. */
async function countingSpawn() {
  const real = await loadNodePtySpawn()
  const counts = { pauses: 0, resumes: 0 }
  const spawn: PtySpawn = (file, args, options) => {
    const pty = real(file, args, options)
    const { pause, resume } = pty
    return Object.assign(pty, {
      pause: () => (counts.pauses++, pause.call(pty)),
      resume: () => (counts.resumes++, resume.call(pty)),
    })
  }
  return { spawn, counts }
}

// A small window, so that 30 ms-late acks fill it quickly and the pause/resume cycle is exercised.
const FLOW = { highWatermark: 100_000, lowWatermark: 5_000 }

async function harness() {
  const { spawn, counts } = await countingSpawn()
  let output = ''
  let received = 0
  let maxOutstanding = 0
  let outstanding = 0
  const exits: number[] = []
  let service: TerminalService | null = null
  const emit: Emit = (event, payload) => {
    if (event === 'terminal:data') {
      const { id, data } = payload as { id: string; data: string }
      output += data
      received += data.length
      outstanding += data.length
      maxOutstanding = Math.max(maxOutstanding, outstanding)
      // Ack later, as a busy renderer does once xterm has written the chunk.
      setTimeout(() => {
        outstanding -= data.length
        try {
          service?.ack(id, data.length)
        } catch {
          // the terminal was killed meanwhile
        }
      }, 30)
    } else if (event === 'terminal:exit') exits.push((payload as { exitCode: number }).exitCode)
  }
  service = new TerminalService({ emit, log: silentLogger, cwd: () => tmpdir(), shell: () => '/bin/sh', killGraceMs: 500, spawn, flow: FLOW })
  return {
    service,
    counts,
    exits,
    get output() {
      return output
    },
    clear: () => void (output = ''),
    get received() {
      return received
    },
    get maxOutstanding() {
      return maxOutstanding
    },
  }
}

describe('terminal with a real pty', () => {
  let h: Awaited<ReturnType<typeof harness>> | null = null
  afterEach(async () => {
    await h?.service.shutdown()
    h = null
  })

  it('runs a command and reads its output back', async () => {
    h = await harness()
    const t = await h.service.create(80, 24)
    expect(isAlive(t.pid)).toBe(true)
    h.service.input(t.id, 'echo hello-$((40+2))\r')
    await until(() => h!.output.includes('hello-42'), 5000, 'echo output')
  })

  it('holds a `yes` flood with flow control and stops it at Ctrl-C', async () => {
    h = await harness()
    const t = await h.service.create(80, 24)
    h.service.input(t.id, 'yes\r')
    await until(() => h!.received > 2_000_000, 10_000, '2 MB of yes')
    // Flow control kept what was in flight near the high watermark (one pty read may overshoot it).
    expect(h.maxOutstanding).toBeLessThan(FLOW.highWatermark + 70_000)
    expect(h.counts.pauses).toBeGreaterThan(0)
    expect(h.counts.resumes).toBeGreaterThan(0)

    const sent = Date.now()
    h.service.input(t.id, '\x03')
    h.service.input(t.id, 'echo stopped-$((1+1))\r')
    await until(() => h!.output.includes('stopped-2'), 2000, 'the shell to answer after Ctrl-C')
    const latency = Date.now() - sent
    expect(latency).toBeLessThan(1000)
    console.log(`Ctrl-C answered in ${latency} ms; ${h.counts.pauses} pauses, max ${h.maxOutstanding} chars in flight`)
    // And the flood is over: nothing more from `yes`.
    h.clear()
    await new Promise((r) => setTimeout(r, 150))
    expect(h.output).not.toMatch(/y\r\ny\r\n/)
  })

  it('notices the shell exiting and restarts it under the same id', async () => {
    h = await harness()
    const t = await h.service.create(80, 24)
    h.service.input(t.id, 'exit 7\r')
    await until(() => h!.exits.length > 0, 5000, 'the exit')
    expect(h.exits).toEqual([7])
    expect(isAlive(t.pid)).toBe(false)
    const again = await h.service.restart(t.id, 80, 24)
    expect(again.id).toBe(t.id)
    expect(again.pid).not.toBe(t.pid)
    h.service.input(t.id, 'echo back-$((2+3))\r')
    await until(() => h!.output.includes('back-5'), 5000, 'output of the restarted shell')
  })

  it('shutdown leaves no shell and no foreground job running', async () => {
    h = await harness()
    const a = await h.service.create(80, 24)
    const b = await h.service.create(80, 24)
    h.service.input(a.id, 'sleep 1000\r')
    h.service.input(b.id, 'yes > /dev/null\r')
    let jobs: number[] = []
    await until(() => (jobs = [...childrenOf(a.pid), ...childrenOf(b.pid)]).length === 2, 5000, 'both jobs to start')
    await h.service.shutdown()
    for (const pid of [a.pid, b.pid, ...jobs]) await until(() => !isAlive(pid), 2000, `pid ${pid} to end`)
    expect(h.service.list()).toEqual([])
  })
})
