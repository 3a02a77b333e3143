// Bounded concurrency: enough operations in flight to keep libuv's thread pool busy, never so many
// that a 100,000-file folder opens 100,000 files at once.

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/**
 * Consumes `source` (which may itself be slow, e.g. a folder walk) with at most `limit` calls of
 * `fn` in flight. Stops taking items once `signal` aborts; waits for the calls already started.
 */
export async function forEachLimit<T>(
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const running = new Set<Promise<void>>()
  let failure: { error: unknown } | null = null
  for await (const item of source) {
    if (signal?.aborted || failure) break
    const p: Promise<void> = fn(item)
      .catch((error: unknown) => {
        failure ??= { error }
      })
      .finally(() => running.delete(p))
    running.add(p)
    if (running.size >= limit) await Promise.race(running)
  }
  await Promise.all(running)
  if (failure) throw (failure as { error: unknown }).error
}
