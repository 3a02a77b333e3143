// A fixed-capacity ring buffer of samples: the monitor keeps 10 minutes at the set rate, and a
// long-running app must not grow without bound. Rebuilt (keeping the newest) when the rate changes.

/** Ten minutes of history, as the issue asks. */
export const HISTORY_MS = 600_000

/** Samples that fit ten minutes at this interval (at least one). */
export const ringCapacity = (intervalMs: number): number => Math.max(1, Math.ceil(HISTORY_MS / Math.max(1, intervalMs)))

export class Ring<T> {
  private readonly items: (T | undefined)[]
  /** Index the next push writes to. */
  private next = 0
  private count = 0

  constructor(readonly capacity: number, initial: readonly T[] = []) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, not ${capacity}`)
    this.items = new Array<T | undefined>(capacity)
    for (const x of initial.slice(-capacity)) this.push(x)
  }

  get size(): number {
    return this.count
  }

  push(x: T): void {
    this.items[this.next] = x
    this.next = (this.next + 1) % this.capacity
    this.count = Math.min(this.count + 1, this.capacity)
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = []
    const start = (this.next - this.count + this.capacity) % this.capacity
    for (let i = 0; i < this.count; i++) out.push(this.items[(start + i) % this.capacity] as T)
    return out
  }

  /** The newest item, or undefined when empty. */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.next - 1 + this.capacity) % this.capacity]
  }

  /** Items whose key is greater than `after`, oldest first (keys must grow with pushes). */
  after(after: number, key: (x: T) => number): T[] {
    const all = this.toArray()
    // Binary search for the first item past `after`: snapshots are asked for often, rings are long.
    let lo = 0
    let hi = all.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (key(all[mid] as T) > after) hi = mid
      else lo = mid + 1
    }
    return all.slice(lo)
  }

  /** A ring of another capacity with the newest items of this one. */
  resized(capacity: number): Ring<T> {
    return new Ring(capacity, this.toArray())
  }
}
