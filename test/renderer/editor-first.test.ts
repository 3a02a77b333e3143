// Start-up order: the first shell waits for the editor, but never for long.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

let monacoLoaded: () => void = () => {}
vi.mock('../../src-renderer/editor/monaco-loader', () => ({
  loadMonaco: () => new Promise<void>((resolve) => (monacoLoaded = resolve)),
}))

const settledAfter = async (): Promise<{ done: () => boolean }> => {
  const { afterEditorStartup } = await import('../../src-renderer/workbench/editor-first')
  let settled = false
  void afterEditorStartup().then(() => (settled = true))
  return { done: () => settled }
}

describe('editor-first start-up', () => {
  beforeEach(() => {
    vi.resetModules()
    vi.useFakeTimers()
  })
  afterEach(() => vi.useRealTimers())

  it('holds deferred work until the first editor has been editable for half a second', async () => {
    const { editorStartupDone } = await import('../../src-renderer/workbench/editor-first')
    const deferred = await settledAfter()
    monacoLoaded()
    await vi.advanceTimersByTimeAsync(200)
    expect(deferred.done()).toBe(false)
    editorStartupDone()
    await vi.advanceTimersByTimeAsync(499)
    expect(deferred.done()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(deferred.done()).toBe(true)
  })

  it('starts it a second after Monaco has loaded when no file is opened', async () => {
    const deferred = await settledAfter()
    await vi.advanceTimersByTimeAsync(5000)
    expect(deferred.done()).toBe(false) // Monaco still loading
    monacoLoaded()
    await vi.advanceTimersByTimeAsync(999)
    expect(deferred.done()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(deferred.done()).toBe(true)
  })
})
