// The chat bench's probes inside Chromium pages: one in Kiln's page, one in a bare page that shows
// the direct engine's stream. Both time renders the same way (frameProbe), so the bare page is the
// baseline for what any browser UI pays to show a token (the wait for a frame, the paint) and the
// difference is what Kiln adds.
//
// When is text "rendered"? The end of the first frame that paints it: a requestAnimationFrame loop
// posts a message from each frame's callbacks, and that message runs after the frame's style,
// layout and paint. Text changed by a task between frames is counted at the end of the next frame;
// text changed inside a frame's callbacks (a UI that applies updates once per frame) at the end of
// that frame. A probe that waited for the animation frame after the change would count the second
// case one frame late.
import type { Page } from 'playwright-core'

export type Delta = { at: number; chars: number }
export type Render = { at: number; chars: number }
export type EngineTimings = { predictedN: number; predictedPerSecond: number; promptMs: number; predictedMs: number }
export type FinalMessage = { at: number; state: string; timings: EngineTimings | null }
type CallResult = { ok: boolean; value?: unknown; message?: string }

/** What a probe has seen since it was armed; times on the page's clock. */
export interface ProbeRecord {
  /** Enter in the composer (Kiln) or the request sent (bare page). */
  sentAt: number
  /** The user's chat:message reaching the page (Kiln only). */
  userAt: number
  renders: Render[]
  deltas: Delta[]
  final: FinalMessage | null
}

interface PageProbe extends ProbeRecord {
  armed: boolean
  /** Starts the frame loop (the probe's own requestAnimationFrame chain) while armed. */
  loop(): void
  call(ch: string, args: unknown): Promise<CallResult>
  /** Bare page: sends a chat request to the engine and shows its stream. */
  direct(body: unknown, key: string): Promise<void>
}
type ProbeWindow = Window & { __chatBench?: PageProbe }

/** Installs the frame loop and the record; `text` reads the reply's visible text (run in the page). */
function installFrameProbe(page: Page, textSource: 'kiln' | 'bare'): Promise<void> {
  return page.evaluate((source) => {
    const w = window as ProbeWindow
    // What can be seen, so without white space (a reply may start with a newline, which the bare
    // page puts in its div and Markdown does not show). Kiln: the last reply's Markdown text
    // nodes, without code blocks' button bars. Bare: the div.
    const visible = (s: string): string => s.replace(/\s+/g, '')
    const text = (): string => {
      if (source === 'bare') return visible(document.getElementById('reply')?.textContent ?? '')
      const replies = document.querySelectorAll('[data-testid="chat-message"][data-role="assistant"]')
      const md = replies[replies.length - 1]?.querySelector('.kiln-chat-md')
      if (!md) return ''
      let s = ''
      const walk = document.createTreeWalker(md, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement?.closest('.kiln-chat-code-bar') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      })
      for (let n = walk.nextNode(); n !== null; n = walk.nextNode()) s += n.nodeValue ?? ''
      return visible(s)
    }
    let shown = ''
    let looping = false
    const afterFrame = new MessageChannel()
    afterFrame.port1.onmessage = () => {
      if (!probe.armed) return
      const now = text()
      if (now === shown) return
      shown = now
      if (probe.renders.length === 0) performance.mark('kiln-bench-first-render')
      probe.renders.push({ at: performance.now(), chars: now.length })
    }
    const frame = (): void => {
      if (!probe.armed) {
        looping = false
        return
      }
      afterFrame.port2.postMessage(0)
      requestAnimationFrame(frame)
    }
    const probe: PageProbe = {
      armed: false,
      sentAt: NaN,
      userAt: NaN,
      renders: [],
      deltas: [],
      final: null,
      loop: () => {
        shown = text()
        if (looping) return
        looping = true
        requestAnimationFrame(frame)
      },
      call: () => Promise.reject(new Error('no socket in this page')),
      direct: () => Promise.reject(new Error('not the bare page')),
    }
    w.__chatBench = probe
  }, textSource)
}

/**
 * Kiln's page: the frame probe, an Enter timer (capture phase, before the composer sees the key)
 * and a listening socket of the page's own (main sends every event to every socket) that times
 * chat:delta and chat:message as they reach the page, and makes contract calls.
 */
export async function installKilnProbe(page: Page): Promise<void> {
  // tsx keeps function names with an `__name` helper that the page does not have.
  await page.evaluate('globalThis.__name = (f) => f')
  await installFrameProbe(page, 'kiln')
  await page.evaluate(async () => {
    const probe = (window as ProbeWindow).__chatBench as PageProbe
    const ws = new WebSocket(`ws://${location.host}/ws`)
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve()
      ws.onerror = () => reject(new Error('websocket failed'))
    })
    type Wire = { t: 'event'; ev: string; payload: unknown } | { t: 'result'; id: number; result: CallResult }
    const waiting = new Map<number, (r: CallResult) => void>()
    let next = 1
    probe.call = (ch, args) =>
      new Promise((resolve) => {
        const id = next++
        waiting.set(id, resolve)
        ws.send(JSON.stringify({ t: 'call', id, ch, args }))
      })
    ws.onmessage = (e: MessageEvent<string>) => {
      const at = performance.now()
      const m = JSON.parse(e.data) as Wire
      if (m.t === 'result') return waiting.get(m.id)?.(m.result)
      if (!probe.armed) return
      if (m.ev === 'chat:delta') {
        if (probe.deltas.length === 0) performance.mark('kiln-bench-first-delta')
        probe.deltas.push({ at, chars: (m.payload as { text: string }).text.length })
      }
      if (m.ev === 'chat:message') {
        const msg = (m.payload as { message: { role: string; state: string; timings: EngineTimings | null } }).message
        if (msg.role === 'user' && Number.isNaN(probe.userAt)) {
          probe.userAt = at
          performance.mark('kiln-bench-user-message')
        }
        if (msg.role === 'assistant' && msg.state !== 'streaming') probe.final = { at, state: msg.state, timings: msg.timings }
      }
    }
    window.addEventListener(
      'keydown',
      (e) => {
        const target = e.target as HTMLElement | null
        if (probe.armed && e.key === 'Enter' && Number.isNaN(probe.sentAt) && target?.dataset.testid === 'chat-input') {
          probe.sentAt = performance.now()
          performance.mark('kiln-bench-enter') // for KILN_BENCH_CHAT_TRACE
        }
      },
      { capture: true },
    )
  })
}

/**
 * The bare page: at the direct engine's own origin (so fetch needs no CORS), one div; a request
 * streams into it, each piece appended as text, as the least a browser UI can do to show tokens.
 */
export async function installBareProbe(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/health`)
  await page.evaluate('globalThis.__name = (f) => f')
  await page.evaluate(() => {
    document.body.innerHTML = '<div id="reply" style="white-space: pre-wrap; font: 13px sans-serif"></div>'
  })
  await installFrameProbe(page, 'bare')
  await page.evaluate(() => {
    const probe = (window as ProbeWindow).__chatBench as PageProbe
    probe.direct = async (body, key) => {
      const div = document.getElementById('reply') as HTMLDivElement
      div.textContent = ''
      probe.sentAt = performance.now()
      const res = await fetch('/v1/chat/completions', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify(body),
      })
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buf = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        const at = performance.now()
        buf += value
        let cut: number
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const data = buf
            .slice(0, cut)
            .split('\n')
            .find((l) => l.startsWith('data: '))
            ?.slice(6)
          buf = buf.slice(cut + 2)
          if (data === undefined || data === '[DONE]') continue
          type Chunk = { choices?: { delta?: { content?: string | null } }[]; timings?: { predicted_n: number; predicted_per_second: number; prompt_ms: number; predicted_ms: number } }
          const chunk = JSON.parse(data) as Chunk
          const t = chunk.timings
          if (t) probe.final = { at, state: 'done', timings: { predictedN: t.predicted_n, predictedPerSecond: t.predicted_per_second, promptMs: t.prompt_ms, predictedMs: t.predicted_ms } }
          const piece = chunk.choices?.[0]?.delta?.content
          if (typeof piece === 'string' && piece !== '') {
            probe.deltas.push({ at, chars: piece.length })
            div.append(piece)
          }
        }
      }
    }
  })
}

/** Clears the record and starts the frame loop. */
export function armProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const p = (window as ProbeWindow).__chatBench
    if (!p) throw new Error('probe not installed')
    Object.assign(p, { armed: true, sentAt: NaN, userAt: NaN, renders: [], deltas: [], final: null })
    p.loop()
  })
}

/** Stops the probe and returns what it saw. */
export function collectProbe(page: Page): Promise<ProbeRecord> {
  return page.evaluate(() => {
    const p = (window as ProbeWindow).__chatBench
    if (!p) throw new Error('probe not installed')
    p.armed = false
    return { sentAt: p.sentAt, userAt: p.userAt, renders: p.renders, deltas: p.deltas, final: p.final }
  })
}

/** A contract call through the probe's socket. */
export async function pageCall<T>(page: Page, ch: string, args: unknown): Promise<T> {
  const r = await page.evaluate(([c, a]) => (window as ProbeWindow).__chatBench!.call(c as string, a), [ch, args] as const)
  if (!r.ok) throw new Error(`${ch}: ${r.message}`)
  return r.value as T
}

/** Bare page: one request to the engine, shown as it streams; resolves when the stream ends. */
export function bareRequest(page: Page, body: unknown, key: string): Promise<void> {
  return page.evaluate(([b, k]) => (window as ProbeWindow).__chatBench!.direct(b, k as string), [body, key] as const)
}
