// Kiln's half of the side channel, written for the tests straight from docs/protocol.md ("The Julia
// side channel"), independent of src-main: a 0700 folder with a Unix socket, length-prefixed
// requests out, JSON lines in.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

export type Message = { type: string; id?: string | null; [key: string]: unknown }

/** `<verb> <id> <nfields>\n` then `<name> <nbytes>\n<bytes>\n` for each field. */
export function frame(verb: string, id: string, fields: Record<string, string> = {}): Buffer {
  const parts: Buffer[] = [Buffer.from(`${verb} ${id} ${Object.keys(fields).length}\n`)]
  for (const [name, value] of Object.entries(fields)) {
    const bytes = Buffer.from(value, 'utf8')
    parts.push(Buffer.from(`${name} ${bytes.length}\n`), bytes, Buffer.from('\n'))
  }
  return Buffer.concat(parts)
}

export class SideServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'kiln-'))
  readonly path = join(this.dir, 'repl.sock')
  readonly token = randomBytes(32).toString('hex')
  readonly messages: Message[] = []
  private sock: net.Socket | null = null
  private server = net.createServer((s) => this.accept(s))
  private waiters: Array<() => void> = []

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.path, resolve))
  }

  private accept(s: net.Socket): void {
    this.sock = s
    let pending = ''
    s.setEncoding('utf8')
    s.on('data', (chunk: string) => {
      pending += chunk
      let nl: number
      while ((nl = pending.indexOf('\n')) >= 0) {
        this.messages.push(JSON.parse(pending.slice(0, nl)) as Message)
        pending = pending.slice(nl + 1)
        for (const w of this.waiters.splice(0)) w()
      }
    })
  }

  send(verb: string, id: string, fields: Record<string, string> = {}): void {
    if (!this.sock) throw new Error('no connection yet')
    this.sock.write(frame(verb, id, fields))
  }

  eval(id: string, code: string, file = '/work/src/a.jl', line = 1, module = 'Main'): void {
    this.send('eval', id, { code, file, line: String(line), module })
  }

  /** The first message (in arrival order) that matches, waiting up to `ms` for it. */
  async next(match: (m: Message) => boolean, ms = 5000): Promise<Message> {
    const deadline = Date.now() + ms
    for (;;) {
      const found = this.messages.find(match)
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages).slice(0, 2000)}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiters.push(() => (clearTimeout(t), resolve()))
      })
    }
  }

  reply(id: string, ms?: number): Promise<Message> {
    return this.next((m) => m.id === id, ms)
  }

  close(): void {
    this.sock?.destroy()
    this.server.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
