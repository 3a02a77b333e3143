// A bare Chrome DevTools Protocol driver for the terminal benchmark. Playwright enables the Network
// domain on every page, and Chromium then copies every WebSocket frame to the driver as JSON: the
// whole terminal flood a second time, through the renderer, the browser process and Node. Measured
// here (32 MiB, same build, back to back): 13.9-14.1 MiB/s driven by Playwright, 18.5-22.3 MiB/s
// driven over CDP with only Runtime and Input. A user's browser has no such driver attached.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { assertChromium, CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness'

type Message = { id?: number; result?: unknown; error?: { message: string } }

class Connection {
  private nextId = 1
  private readonly pending = new Map<number, (m: Message) => void>()

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as Message
      if (m.id === undefined) return
      this.pending.get(m.id)?.(m)
      this.pending.delete(m.id)
    })
  }

  send<T>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++
    this.socket.send(JSON.stringify({ id, method, params, sessionId }))
    return new Promise((resolve, reject) =>
      this.pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result as T))),
    )
  }
}

export interface BarePage {
  /** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>
  /** Resolves once `predicate` (an expression) is truthy, checked every animation frame in the page. */
  waitFor(predicate: string, timeoutMs: number): Promise<void>
  /** Types text into the focused element; '\n' presses Enter. */
  type(text: string): Promise<void>
  pressCtrlC(): Promise<void>
  close(): Promise<void>
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const KEYS = {
  enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 },
  ctrlC: { key: 'c', code: 'KeyC', windowsVirtualKeyCode: 67, modifiers: 2 },
}

/** Debian's Chromium (the harness's switches) with one page at `url`, driven without the Network domain. */
export async function openBarePage(url: string, viewport = { width: 1400, height: 860 }): Promise<BarePage> {
  assertChromium()
  const profile = mkdtempSync(join(tmpdir(), 'kiln-bench-chromium-'))
  const chrome: ChildProcess = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  const exited = new Promise<void>((resolve) => chrome.once('exit', () => resolve()))
  let closeBrowser: (() => Promise<unknown>) | null = null
  const stop = async (): Promise<void> => {
    // Browser.close lets Chromium take its helper processes down with it (after a SIGKILL they go
    // on writing into the profile for a moment); SIGKILL only when that does not work.
    if (closeBrowser) await Promise.race([closeBrowser().catch(() => {}), exited, pause(2000)])
    else chrome.kill('SIGKILL')
    const timer = setTimeout(() => chrome.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stderr = ''
      chrome.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr += d
        const m = /DevTools listening on (ws:\S+)/.exec(stderr)
        if (m) resolve(m[1])
      })
      chrome.once('exit', () => reject(new Error(`Chromium exited before listening:\n${stderr}`)))
    })
    const socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 })
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const cdp = new Connection(socket)
    closeBrowser = () => cdp.send('Browser.close')
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })
    const call = <T>(method: string, params: object = {}): Promise<T> => cdp.send<T>(method, params, sessionId)
    await call('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false })
    await call('Page.navigate', { url })

    const evaluate = async <T>(expression: string): Promise<T> => {
      const r = await call<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
      )
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text)
      return r.result.value as T
    }
    const key = async (k: object, text?: string): Promise<void> => {
      await call('Input.dispatchKeyEvent', { type: 'keyDown', ...k, ...(text ? { text } : {}) })
      await call('Input.dispatchKeyEvent', { type: 'keyUp', ...k })
    }
    return {
      evaluate,
      waitFor: (predicate, timeoutMs) =>
        evaluate(`new Promise((resolve, reject) => {
          const start = performance.now()
          const tick = () => {
            let ok = false
            try { ok = Boolean(${predicate}) } catch {}
            if (ok) resolve(true)
            else if (performance.now() - start > ${timeoutMs}) reject(new Error('timed out waiting for: ' + ${JSON.stringify(predicate)}))
            else requestAnimationFrame(tick)
          }
          tick()
        })`),
      type: async (text) => {
        for (const [i, line] of text.split('\n').entries()) {
          if (i > 0) await key(KEYS.enter, '\r')
          if (line) await call('Input.insertText', { text: line })
        }
      },
      pressCtrlC: () => key(KEYS.ctrlC),
      close: () => stop(),
    }
  } catch (e) {
    await stop()
    throw e
  }
}
