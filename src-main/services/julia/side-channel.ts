// The REPL's side channel: a local socket only the Julia process Kiln starts may use.
// On Linux and macOS a Unix socket in a fresh 0700 folder (`<tmpdir>/kiln-<24 hex>/repl.sock`),
// on Windows a named pipe with a random name. The path and a 32-byte random token reach Julia
// through its environment; the first line on a connection must be a hello carrying the token
// (compared in constant time). A wrong token closes that connection and Kiln keeps waiting; after
// the right one it stops listening and removes the socket, so nobody else can connect later.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmod, mkdir, rm, unlink } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Disposable } from '../../lib/disposable'
import type { Logger } from '../../lib/log'
import { isMalformed, LineReader, parseMessage, type HelloMessage, type JuliaMessage } from './wire'

export interface SideChannelOptions {
  log: Logger
  /** Folder for the socket's folder (os.tmpdir()). */
  tmpdir?: string
  platform?: NodeJS.Platform
  /** How long a connection may take to say hello before it is dropped. */
  helloTimeoutMs?: number
}

/** Before the hello, a connection may send this much; a real hello is a few hundred bytes. */
const MAX_HELLO_BYTES = 64 * 1024
/** sockaddr_un.sun_path is 108 bytes on Linux, 104 on macOS (with the NUL). */
const MAX_SOCKET_PATH = 100

export class SideChannel implements Disposable {
  private readonly server: Server
  private readonly waiting = new Set<Socket>()
  private conn: Socket | null = null
  private messageListener: (m: JuliaMessage) => void = () => {}
  private closeListener: (why: string) => void = () => {}
  private helloSeen!: (hello: HelloMessage) => void
  /** Resolves with the hello of the one authenticated connection. */
  readonly connected: Promise<HelloMessage>
  private disposed = false
  /** Connections refused for a wrong or missing token (for the log and tests). */
  rejected = 0

  private constructor(
    readonly address: string,
    readonly token: string,
    private readonly folder: string | null,
    private readonly opts: SideChannelOptions,
  ) {
    this.connected = new Promise((resolve) => (this.helloSeen = resolve))
    this.server = createServer((socket) => this.accept(socket))
  }

  /** Creates the folder and starts listening. */
  static async listen(opts: SideChannelOptions): Promise<SideChannel> {
    const name = `kiln-${randomBytes(12).toString('hex')}`
    const token = randomBytes(32).toString('hex')
    let channel: SideChannel
    if ((opts.platform ?? process.platform) === 'win32') {
      channel = new SideChannel(`\\\\.\\pipe\\${name}`, token, null, opts)
    } else {
      let base = opts.tmpdir ?? tmpdir()
      if (join(base, name, 'repl.sock').length > MAX_SOCKET_PATH) base = '/tmp' // macOS's long $TMPDIR
      const folder = join(base, name)
      await mkdir(folder, { mode: 0o700 }) // fails if it exists: always a fresh folder
      await chmod(folder, 0o700) // whatever the umask
      channel = new SideChannel(join(folder, 'repl.sock'), token, folder, opts)
    }
    try {
      await new Promise<void>((resolve, reject) => {
        channel.server.once('error', reject)
        channel.server.listen(channel.address, () => {
          channel.server.off('error', reject)
          resolve()
        })
      })
    } catch (e) {
      channel.dispose()
      throw e
    }
    channel.server.on('error', (e) => opts.log.warn(`julia side channel: ${e.message}`))
    return channel
  }

  get isConnected(): boolean {
    return this.conn !== null && !this.conn.destroyed
  }

  onMessage(listener: (m: JuliaMessage) => void): void {
    this.messageListener = listener
  }

  /** Called once when the authenticated connection ends (Julia exited, or the stream went bad). */
  onClose(listener: (why: string) => void): void {
    this.closeListener = listener
  }

  send(bytes: Buffer): boolean {
    if (!this.conn || this.conn.destroyed) return false
    this.conn.write(bytes)
    return true
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.server.close()
    for (const s of this.waiting) s.destroy()
    this.waiting.clear()
    this.conn?.destroy()
    if (this.folder) void rm(this.folder, { recursive: true, force: true }).catch(() => {})
  }

  private accept(socket: Socket): void {
    if (this.disposed || this.conn) {
      socket.destroy()
      return
    }
    this.waiting.add(socket)
    let authed = false
    const refuse = (why: string): void => {
      this.rejected++
      this.opts.log.warn(`julia side channel: refused a connection (${why})`)
      this.waiting.delete(socket)
      socket.destroy()
    }
    const timer = setTimeout(() => refuse('no hello in time'), this.opts.helloTimeoutMs ?? 10_000)
    const reader = new LineReader((line) => {
      if (!authed) {
        clearTimeout(timer)
        const m = parseMessage(line)
        if (isMalformed(m) || m.type !== 'hello') return refuse('the first message was not a hello')
        if (!this.tokenMatches(m.token)) return refuse('wrong token')
        authed = true
        this.authenticated(socket, m)
        return
      }
      const m = parseMessage(line)
      if (isMalformed(m)) this.opts.log.warn(`julia side channel: ignored a message (${m.malformed})`)
      else this.messageListener(m)
    })
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk)
      } catch (e) {
        this.opts.log.warn(`julia side channel: ${e instanceof Error ? e.message : String(e)}`)
        socket.destroy()
        return
      }
      if (!authed && reader.pending > MAX_HELLO_BYTES) refuse('hello too long')
    })
    socket.on('error', () => {}) // 'close' follows; a reset connection is reported there
    socket.on('close', () => {
      clearTimeout(timer)
      this.waiting.delete(socket)
      if (this.conn === socket && !this.disposed) this.closeListener('the side channel closed')
    })
  }

  private tokenMatches(given: string): boolean {
    const a = Buffer.from(given, 'utf8')
    const b = Buffer.from(this.token, 'utf8')
    return a.length === b.length && timingSafeEqual(a, b)
  }

  private authenticated(socket: Socket, hello: HelloMessage): void {
    this.waiting.delete(socket)
    this.conn = socket
    // Nobody else gets in: stop listening, drop anyone still waiting, remove the socket file.
    this.server.close()
    for (const s of this.waiting) s.destroy()
    this.waiting.clear()
    if (this.folder) void unlink(this.address).catch(() => {})
    this.helloSeen(hello)
  }
}
