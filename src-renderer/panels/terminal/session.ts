// One terminal in the renderer: an xterm instance that lives as long as the terminal (hidden or
// not), wired to its pty in main. Output is written to xterm and acknowledged once xterm has
// parsed it (flow control); keystrokes go straight to the pty; an exited shell is restarted on Enter.
import { FitAddon } from '@xterm/addon-fit'
import { WebglAddon } from '@xterm/addon-webgl'
import { Terminal, type IDisposable, type ITheme } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import type { TerminalExit, TerminalInfo } from '../../../src-preload/contract'
import { api } from '../../api'
import { createFileLinkProvider, type FileLinkTarget } from './link-provider'
import { TERMINAL_FONT, TERMINAL_FONT_SIZE } from './theme'

export type RendererKind = 'webgl' | 'dom'

export interface SessionHooks {
  links: FileLinkTarget
  theme: ITheme
  /** Title or exit state changed: the tab strip re-renders. */
  onChange(): void
  /** True for a key the workbench binds to a command: xterm lets it through instead of the shell. */
  isCommandKey(e: KeyboardEvent): boolean
  /** Restarts the process in its owner's way (the Julia REPL: julia:restart) instead of terminal:restart. */
  restart?(): Promise<void>
}

// Acks are sent in chunks like VS Code's (5,000 chars), and small remainders shortly after.
const ACK_CHUNK = 5_000
const ACK_DELAY_MS = 20
const RESIZE_DELAY_MS = 50

export class TerminalSession {
  readonly id: string
  readonly kind: TerminalInfo['kind']
  readonly term: Terminal
  title: string
  exit: TerminalExit | null
  renderer: RendererKind = 'dom'
  private readonly fitAddon = new FitAddon()
  private webgl: WebglAddon | null = null
  private host: HTMLElement | null = null
  private readonly subscriptions: IDisposable[] = []
  private ackPending = 0
  private ackTimer: ReturnType<typeof setTimeout> | null = null
  private resizeTimer: ReturnType<typeof setTimeout> | null = null
  private sentSize: { cols: number; rows: number }
  private restarting = false
  private disposed = false

  constructor(
    info: TerminalInfo,
    size: { cols: number; rows: number },
    private readonly hooks: SessionHooks,
  ) {
    this.id = info.id
    this.kind = info.kind
    this.title = info.title
    this.exit = info.exit ?? null
    this.sentSize = size
    this.term = new Terminal({
      cols: size.cols,
      rows: size.rows,
      fontFamily: TERMINAL_FONT,
      fontSize: TERMINAL_FONT_SIZE,
      scrollback: 5000,
      cursorBlink: true,
      theme: hooks.theme,
    })
    this.term.loadAddon(this.fitAddon)
    this.subscriptions.push(
      this.term.onData((data) => this.input(data)),
      this.term.onTitleChange((title) => {
        this.title = title || info.title
        this.hooks.onChange()
      }),
      this.term.registerLinkProvider(createFileLinkProvider(() => this.term.buffer.active, hooks.links)),
    )
    this.term.attachCustomKeyEventHandler((e) => this.keyFilter(e))
    if (this.exit) this.showExit(this.exit)
  }

  /** Output from the pty. */
  write(data: string): void {
    if (this.disposed) return
    this.term.write(data, () => this.ack(data.length))
  }

  exited(exit: TerminalExit): void {
    this.exit = exit
    this.showExit(exit)
    this.hooks.onChange()
  }

  /** Shows the terminal in `host` (opening xterm there once it has a size, or moving it there). */
  attach(host: HTMLElement): void {
    this.host = host
    host.dataset.renderer = this.renderer
    const element = this.term.element
    if (element && element.parentElement !== host) host.appendChild(element)
    this.layout()
  }

  detach(host: HTMLElement): void {
    if (this.host === host) this.host = null
  }

  /** Opens xterm if it has not been yet, fits it to its host, and tells the pty about a new size. */
  layout(): void {
    const host = this.host
    if (!host || this.disposed || host.clientWidth === 0 || host.clientHeight === 0) return
    if (!this.term.element) {
      this.term.open(host)
      this.loadRenderer()
    }
    const dims = this.fitAddon.proposeDimensions()
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return
    if (dims.cols !== this.term.cols || dims.rows !== this.term.rows) this.fitAddon.fit()
    if (this.term.cols !== this.sentSize.cols || this.term.rows !== this.sentSize.rows) this.scheduleResize()
  }

  setTheme(theme: ITheme): void {
    this.term.options.theme = theme
  }

  focus(): void {
    this.term.focus()
  }

  clear(): void {
    this.term.clear()
  }

  async restart(): Promise<void> {
    if (this.restarting || this.disposed) return
    this.restarting = true
    try {
      if (this.hooks.restart) return await this.hooks.restart()
      const size = { cols: this.term.cols, rows: this.term.rows }
      const r = await api.call('terminal:restart', { id: this.id, ...size })
      if (!r.ok) {
        this.term.write(`\r\n\x1b[31m[could not restart: ${r.message}]\x1b[0m\r\n`)
        return
      }
      this.sentSize = size
      this.exit = null
      this.title = r.value.title
      this.term.write('\r\n')
      this.hooks.onChange()
    } finally {
      this.restarting = false
    }
  }

  /** Its process was started again in place by its owner (the REPL restarted under the same id). */
  revived(): void {
    if (!this.exit || this.disposed) return
    this.exit = null
    this.term.write('\r\n')
    this.hooks.onChange()
  }

  /** A dim line of Kiln's own between the process's output (e.g. "Restarting Julia…"). */
  note(text: string): void {
    if (this.disposed) return
    const line = `\x1b[2m${text}\x1b[0m\r\n`
    this.term.write('', () => this.term.write(this.term.buffer.active.cursorX === 0 ? line : `\r\n${line}`))
  }

  /** The last `rows` rows of the active buffer as they appear (cheap: for polling in tests and benchmarks). */
  tail(rows: number): string {
    const buffer = this.term.buffer.active
    const out: string[] = []
    for (let y = Math.max(0, buffer.length - rows); y < buffer.length; y++) out.push(buffer.getLine(y)?.translateToString(true) ?? '')
    return out.join('\n').replace(/\s+$/, '')
  }

  /** The text of the active buffer (scrollback and screen), wrapped rows joined, trailing blanks dropped. */
  readBuffer(): string {
    const buffer = this.term.buffer.active
    const lines: string[] = []
    for (let y = 0; y < buffer.length; y++) {
      const line = buffer.getLine(y)
      if (!line) continue
      const continued = buffer.getLine(y + 1)?.isWrapped ?? false
      const text = line.translateToString(!continued)
      if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text
      else lines.push(text)
    }
    return lines.join('\n').replace(/\s+$/, '')
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (this.ackTimer) clearTimeout(this.ackTimer)
    if (this.resizeTimer) clearTimeout(this.resizeTimer)
    for (const s of this.subscriptions) s.dispose()
    this.term.dispose()
  }

  private input(data: string): void {
    if (this.exit) {
      if (data.includes('\r')) void this.restart()
      return
    }
    void api.call('terminal:input', { id: this.id, data })
  }

  private ack(chars: number): void {
    if (this.disposed) return
    this.ackPending += chars
    if (this.ackPending >= ACK_CHUNK) this.sendAck()
    else this.ackTimer ??= setTimeout(() => this.sendAck(), ACK_DELAY_MS)
  }

  private sendAck(): void {
    if (this.ackTimer) clearTimeout(this.ackTimer)
    this.ackTimer = null
    const chars = this.ackPending
    this.ackPending = 0
    if (chars > 0 && !this.disposed) void api.call('terminal:ack', { id: this.id, chars })
  }

  private scheduleResize(): void {
    if (this.resizeTimer) clearTimeout(this.resizeTimer)
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = null
      const size = { cols: this.term.cols, rows: this.term.rows }
      if (this.disposed || (size.cols === this.sentSize.cols && size.rows === this.sentSize.rows)) return
      this.sentSize = size
      if (!this.exit) void api.call('terminal:resize', { id: this.id, ...size })
    }, RESIZE_DELAY_MS)
  }

  private showExit(exit: TerminalExit): void {
    const signal = exit.signal ? `, signal ${exit.signal}` : ''
    const notice = `\x1b[2m[process exited with code ${exit.exitCode}${signal}] Press Enter to restart\x1b[0m\r\n`
    // After the output still queued in xterm, on a line of its own.
    this.term.write('', () => this.term.write(this.term.buffer.active.cursorX === 0 ? notice : `\r\n${notice}`))
  }

  /** WebGL when the GPU does it; xterm's DOM renderer otherwise or once the context is lost. */
  private loadRenderer(): void {
    if (!hardwareWebgl()) return this.setRenderer('dom')
    const webgl = new WebglAddon()
    try {
      this.term.loadAddon(webgl)
      this.webgl = webgl
      this.subscriptions.push(webgl.onContextLoss(() => this.useDomRenderer()))
      this.setRenderer('webgl')
    } catch {
      safeDispose(webgl)
      this.setRenderer('dom')
    }
  }

  private useDomRenderer(): void {
    if (this.webgl) safeDispose(this.webgl)
    this.webgl = null
    this.setRenderer('dom')
  }

  private setRenderer(kind: RendererKind): void {
    this.renderer = kind
    if (this.host) this.host.dataset.renderer = kind
  }

  private keyFilter(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true
    const ctrl = e.ctrlKey || e.metaKey
    if (ctrl && e.shiftKey && e.code === 'KeyC') {
      const selection = this.term.getSelection()
      if (selection) void navigator.clipboard?.writeText(selection).catch(() => {})
      return false
    }
    if (ctrl && e.shiftKey && e.code === 'KeyV') return false // the browser's paste event does it
    return !this.hooks.isCommandKey(e)
  }
}

let hardware: boolean | null = null

/**
 * Whether WebGL2 runs on a GPU. A software rasteriser (SwiftShader, llvmpipe: Chromium with
 * --disable-gpu, VMs) draws xterm's WebGL renderer several times slower than the DOM renderer.
 */
function hardwareWebgl(): boolean {
  if (hardware !== null) return hardware
  try {
    const gl = document.createElement('canvas').getContext('webgl2')
    if (!gl) return (hardware = false)
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : ''
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    hardware = !/swiftshader|llvmpipe|softpipe|software/i.test(name)
  } catch {
    hardware = false
  }
  return hardware
}

function safeDispose(d: IDisposable): void {
  try {
    d.dispose()
  } catch {
    // a half-activated addon may fail to tear down; it holds nothing else
  }
}
