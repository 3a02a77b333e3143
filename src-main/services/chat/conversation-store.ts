// Conversations on disk, per workspace, in the user data folder (they are the user's, not the
// project's files):  <userData>/chat/<hash of the workspace root | no-workspace>/<id>.json
// Writes are atomic and serialised per file; a file that cannot be read is skipped with a log line
// so one bad file never hides the others.
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ChatConversation, ChatConversationSummary } from '../../../src-preload/contract'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import { writeFileAtomic } from '../workspace/atomic'

export const NEW_TITLE = 'New chat'
const TITLE_CHARS = 60
/** Ids come from the renderer and name files: nothing that could leave the folder. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/

const contextItem = z.object({
  kind: z.enum(['file', 'selection', 'repl', 'problems', 'terminal', 'build']),
  label: z.string(),
  path: z.string().nullable(),
  range: z.object({ startLine: z.number(), endLine: z.number() }).nullable(),
  text: z.string(),
})
const timings = z.object({
  promptN: z.number(),
  promptMs: z.number(),
  promptPerSecond: z.number(),
  predictedN: z.number(),
  predictedMs: z.number(),
  predictedPerSecond: z.number(),
  cacheN: z.number(),
})
const message = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  context: z.array(contextItem),
  createdAt: z.number(),
  state: z.enum(['streaming', 'done', 'stopped', 'cut-off', 'error']),
  error: z.string().nullable(),
  timings: timings.nullable(),
  notice: z.string().nullable(),
})
const stored = z.object({
  version: z.literal(1),
  id: z.string().regex(ID),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.array(message),
})

export const newId = (): string => randomBytes(8).toString('hex')

/** The first user message, on one line, cut at a word near 60 characters. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  if (line === '') return NEW_TITLE
  if (line.length <= TITLE_CHARS) return line
  const cut = line.slice(0, TITLE_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${(space > TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

export const summaryOf = (c: ChatConversation): ChatConversationSummary => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messages: c.messages.length })

export class ConversationStore {
  /** Per file, the last write: a later save always lands after an earlier one. */
  private readonly writes = new Map<string, Promise<void>>()

  constructor(
    private readonly userDataDir: string,
    private readonly log: Logger,
  ) {}

  dirFor(root: string | null): string {
    const key = root === null ? 'no-workspace' : createHash('sha256').update(root).digest('hex').slice(0, 16)
    return join(this.userDataDir, 'chat', key)
  }

  private fileFor(root: string | null, id: string): string {
    if (!ID.test(id)) throw new KilnError('INVALID_ARGS', `not a conversation id: ${id.slice(0, 80)}`)
    return join(this.dirFor(root), `${id}.json`)
  }

  async list(root: string | null): Promise<ChatConversationSummary[]> {
    const dir = this.dirFor(root)
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw e
    }
    const out: ChatConversationSummary[] = []
    for (const name of names) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue
      const c = await this.readFile(join(dir, name))
      if (c !== null) out.push(summaryOf(c))
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt)
  }

  /** NOT_FOUND when missing or unreadable (the reason is logged). */
  async get(root: string | null, id: string): Promise<ChatConversation> {
    const c = await this.readFile(this.fileFor(root, id))
    if (c === null) throw new KilnError('NOT_FOUND', `no conversation ${id}`)
    return c
  }

  async save(root: string | null, c: ChatConversation): Promise<void> {
    const file = this.fileFor(root, c.id)
    const data = JSON.stringify({ version: 1, ...c })
    const previous = this.writes.get(file) ?? Promise.resolve()
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(this.dirFor(root), { recursive: true })
        await writeFileAtomic(file, data, 0o600)
      })
    this.writes.set(file, next)
    try {
      await next
    } finally {
      if (this.writes.get(file) === next) this.writes.delete(file)
    }
  }

  async delete(root: string | null, id: string): Promise<void> {
    const file = this.fileFor(root, id)
    await (this.writes.get(file) ?? Promise.resolve()).catch(() => undefined)
    await rm(file, { force: true })
  }

  private async readFile(file: string): Promise<ChatConversation | null> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`chat: cannot read ${file}: ${String(e)}`)
      return null
    }
    let parsed: z.infer<typeof stored>
    try {
      parsed = stored.parse(JSON.parse(text))
    } catch (e) {
      this.log.warn(`chat: skipping unreadable conversation ${file}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`)
      return null
    }
    const { version: _version, ...c } = parsed
    // A reply still 'streaming' on disk was cut off by a crash or quit: say so, keep its text.
    for (const m of c.messages) if (m.state === 'streaming') m.state = 'cut-off'
    return c
  }
}
