// Disposables in the style of VS Code: every listener, timer, child process and service is one,
// and whoever creates it owns its disposal.

export interface Disposable {
  dispose(): void
}

export const toDisposable = (fn: () => void): Disposable => {
  let done = false
  return {
    dispose() {
      if (done) return
      done = true
      fn()
    },
  }
}

/** Holds disposables and disposes them all, last added first. Adding after disposal disposes at once. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = []
  private disposed = false

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose()
    else this.items.push(item)
    return item
  }

  get isDisposed(): boolean {
    return this.disposed
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    const errors: unknown[] = []
    for (const item of this.items.reverse()) {
      try {
        item.dispose()
      } catch (e) {
        errors.push(e)
      }
    }
    this.items = []
    if (errors.length > 0) throw new AggregateError(errors, 'errors while disposing')
  }
}
