// The slots: `parallel` sequences of one context. A request takes a free slot (the one whose cached
// tokens share the longest prefix with its prompt, as llama-server does, else the least recently
// used) or waits in a FIFO queue until one frees. Each slot keeps its evaluated tokens (the
// sequence's own state) between requests: that is the prompt cache.
import type { LlamaContextSequence, Token } from './nlc'

export interface Slot {
  readonly id: number
  readonly seq: LlamaContextSequence
  /** The task being served, or null when idle. */
  taskId: number | null
  lastUsed: number
  /** Tokens predicted so far by the running task (for /slots). */
  nDecoded: number
}

type Waiter = { idSlot: number; prompt: readonly Token[]; resolve: (slot: Slot) => void; reject: (e: Error) => void; signal?: AbortSignal }

export const commonPrefix = (a: readonly Token[], b: readonly Token[]): number => {
  const n = Math.min(a.length, b.length)
  let i = 0
  while (i < n && a[i] === b[i]) i++
  return i
}

export class SlotPool {
  readonly slots: Slot[]
  private queue: Waiter[] = []
  private nextTask = 0
  private clock = 0

  constructor(sequences: LlamaContextSequence[]) {
    this.slots = sequences.map((seq, id) => ({ id, seq, taskId: null, lastUsed: 0, nDecoded: 0 }))
  }

  get processing(): number {
    return this.slots.filter((s) => s.taskId !== null).length
  }

  get deferred(): number {
    return this.queue.length
  }

  /** A free slot for this prompt (idSlot -1: any), now or when one frees; rejects when signal aborts. */
  acquire(prompt: readonly Token[], idSlot = -1, signal?: AbortSignal): Promise<Slot> {
    const slot = this.pick(prompt, idSlot)
    if (slot) return Promise.resolve(this.take(slot))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { idSlot, prompt, resolve, reject, signal }
      this.queue.push(waiter)
      signal?.addEventListener('abort', () => {
        this.queue = this.queue.filter((w) => w !== waiter)
        reject(new Error('cancelled'))
      }, { once: true })
    })
  }

  release(slot: Slot): void {
    slot.taskId = null
    for (const w of this.queue) {
      const s = this.pick(w.prompt, w.idSlot)
      if (!s) continue
      this.queue = this.queue.filter((x) => x !== w)
      w.resolve(this.take(s))
      return
    }
  }

  /** Rejects every waiter (shutdown). */
  close(): void {
    for (const w of this.queue) w.reject(new Error('the server is shutting down'))
    this.queue = []
  }

  private take(slot: Slot): Slot {
    slot.taskId = this.nextTask++
    slot.lastUsed = ++this.clock
    slot.nDecoded = 0
    return slot
  }

  private pick(prompt: readonly Token[], idSlot: number): Slot | undefined {
    const free = this.slots.filter((s) => s.taskId === null && (idSlot < 0 || s.id === idSlot))
    let best: Slot | undefined
    let bestLen = 0
    for (const s of free) {
      const len = commonPrefix(s.seq.contextTokens, prompt)
      if (len > bestLen) [best, bestLen] = [s, len]
    }
    return best ?? free.sort((a, b) => a.lastUsed - b.lastUsed)[0]
  }
}
