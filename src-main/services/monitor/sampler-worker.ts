// The monitor's worker thread: samples at the set interval (slowly while no monitor view is
// visible) and posts each sample, and the sources whenever their states change, to the main
// thread. The static inventory (systeminformation, whose calls block) is read once, here, off the
// main thread. Built to out/main/monitor-worker.js; run from source under tsx in tests (see
// findMonitorWorker in monitor-service.ts).
import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import type { MonitorSource } from '../../../src-preload/contract'
import type { ProcessLabel } from './process-tree'
import { effectiveInterval, inventorySource, Sampler, type FromWorker, type ToWorker, type WorkerInit } from './sampler'
import { readInventory } from './sources/inventory'
import { parsePidStat } from './sources/proc'

const port = parentPort
if (!port) throw new Error('the monitor worker must run in a worker thread')
const send = (m: FromWorker): void => port.postMessage(m)
const init = workerData as WorkerInit

let intervalMs = init.intervalMs
let visible = init.visible
let labels = new Map<number, ProcessLabel>(init.labels ?? [])
const sampler = new Sampler({ rootPid: init.rootPid, procRoot: init.procRoot, sysRoot: init.sysRoot, replay: init.replay, labels: () => labels })

let inventorySrc: MonitorSource = { id: 'systeminformation', state: 'off', message: 'reading the inventory…', fix: null }
let lastSources = ''
let timer: NodeJS.Timeout | null = null
let running = false
let lastTickAt = 0
let stopped = false

function publishSources(sources: MonitorSource[]): void {
  const all = [...sources, inventorySrc]
  const key = JSON.stringify(all)
  if (key === lastSources) return
  lastSources = key
  send({ type: 'sources', sources: all })
}

let lastSampled: MonitorSource[] = []
async function tick(): Promise<void> {
  timer = null
  running = true
  lastTickAt = Date.now()
  try {
    const { sample, sources } = await sampler.tick()
    if (stopped) return
    lastSampled = sources
    send({ type: 'sample', sample })
    publishSources(sources)
  } catch (e) {
    // Sampler.tick catches what it can; anything else is a state, never a stream of errors.
    publishSources([{ id: 'proc', state: 'failing', message: `sampling failed: ${e instanceof Error ? e.message : String(e)}`, fix: null }])
  } finally {
    running = false
    schedule()
  }
}

/** The next tick one interval after the last one started (sooner if the interval just shrank). */
function schedule(): void {
  if (running || stopped) return // tick() schedules when it ends
  if (timer !== null) clearTimeout(timer)
  const due = lastTickAt + effectiveInterval(intervalMs, visible)
  timer = setTimeout(() => void tick(), Math.max(0, due - Date.now()))
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'interval') {
    intervalMs = m.intervalMs
    schedule()
  } else if (m.type === 'visible') {
    visible = m.visible
    schedule()
  } else if (m.type === 'labels') {
    labels = new Map(m.labels)
  } else if (m.type === 'usage') {
    send({ type: 'usage', cpuTicks: threadCpuTicks() })
  } else if (m.type === 'stop') {
    // Child processes (nvidia-smi, a slow rocm-smi) outlive a terminated thread: kill them first.
    stopped = true
    if (timer !== null) clearTimeout(timer)
    sampler.dispose()
    send({ type: 'stopped' })
    port.close()
  }
})

/** This thread's CPU time (the benchmark's figure: what sampling costs, apart from the main thread). */
function threadCpuTicks(): number | null {
  try {
    const s = parsePidStat(readFileSync('/proc/thread-self/stat', 'utf8'))
    return s === null ? null : s.utime + s.stime
  } catch {
    return null
  }
}

void tick().then(async () => {
  if (init.replay) {
    inventorySrc = { id: 'systeminformation', state: 'off', message: 'replaying recorded output: no inventory of this machine', fix: null }
    publishSources(lastSampled)
    return
  }
  // After the first sample, so the graphs do not wait for systeminformation.
  const inventory = await readInventory().catch(() => null) // it should never throw; if it does, no inventory
  if (stopped) return
  if (inventory === null) {
    inventorySrc = { id: 'systeminformation', state: 'failing', message: 'systeminformation failed to read the inventory', fix: null }
    publishSources(lastSampled)
    return
  }
  send({ type: 'inventory', inventory })
  inventorySrc = inventorySource(inventory)
  publishSources(lastSampled)
})
