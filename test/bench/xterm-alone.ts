// Second baseline for the terminal benchmark: xterm.js alone in the same Chromium, with Kiln's
// options and terminal size, fed N bytes of 'x' from inside the page (200 K writes, at most 400 K
// unparsed, as main's flow control allows). No pty, no IPC, no WebSocket: the most the full path
// could reach here, since xterm's parsing and DOM rendering share one renderer thread.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { TERMINAL_FONT, TERMINAL_FONT_SIZE } from '../../src-renderer/panels/terminal/theme'
import { openBarePage } from './cdp'

const CHUNK = 200_000
const IN_FLIGHT = 400_000

export async function measureXtermAlone(bytes: number, size: { cols: number; rows: number }): Promise<number> {
  const resolve = createRequire(__filename).resolve
  const script = readFileSync(resolve('@xterm/xterm/lib/xterm.js'), 'utf8')
  const css = readFileSync(resolve('@xterm/xterm/css/xterm.css'), 'utf8')
  const page = await openBarePage('about:blank')
  try {
    await page.waitFor(`document.readyState === 'complete' && location.href === 'about:blank'`, 10_000)
    await page.evaluate(`(() => {
      const style = document.createElement('style'); style.textContent = ${JSON.stringify(css)}; document.head.append(style)
      const host = document.createElement('div'); host.id = 'term'; document.body.append(host)
    })()`)
    await page.evaluate(script) // the UMD build defines window.Terminal
    const ms = await page.evaluate<number>(`(async () => {
      const term = new Terminal({ cols: ${size.cols}, rows: ${size.rows}, fontFamily: ${JSON.stringify(TERMINAL_FONT)},
        fontSize: ${TERMINAL_FONT_SIZE}, scrollback: 5000, cursorBlink: true })
      term.open(document.getElementById('term'))
      const total = ${bytes}, chunk = 'x'.repeat(${CHUNK})
      const started = performance.now()
      await new Promise((done) => {
        let sent = 0, pending = 0
        const pump = () => {
          while (pending < ${IN_FLIGHT} && sent < total) {
            const n = Math.min(chunk.length, total - sent)
            sent += n; pending += n
            term.write(n === chunk.length ? chunk : chunk.slice(0, n), () => {
              pending -= n
              if (sent >= total && pending === 0) done()
              else pump()
            })
          }
        }
        pump()
      })
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      return performance.now() - started
    })()`)
    return (bytes / ms) * 1000
  } finally {
    await page.close()
  }
}
