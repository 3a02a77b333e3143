// Chat conversations with the local model: send, stream, stop, regenerate, edit and resend. One
// generation per conversation at a time; the conversation being generated lives in memory (so
// rename, get and the final save all see one object) and is saved when the reply starts and ends.
import type { ChatBudget, ChatContextItem, ChatConversation, ChatConversationSummary, ChatMessage, ChatStarted } from '../../../src-preload/contract'
import type { Emit } from '../../lib/events'
import type { Logger } from '../../lib/log'
import { KilnError } from '../../router'
import type { InferenceClient } from '../inference/client'
import { InferenceError } from '../inference/client-errors'
import { estimateCounter, planPrompt, ServerTokenCounter, type Plan, type TokenCounter } from './budget'
import { resolveContext, type ContextRequest, type ContextSources } from './context-items'
import { ConversationStore, ID, NEW_TITLE, newId, summaryOf, titleFrom } from './conversation-store'
import { DeltaBatcher } from './delta-batcher'
import { buildMessages, historyTurns, slotFor } from './prompt'
import { systemPromptFrom } from './system-prompt'

export type ChatSettings = {
  getString(key: 'chat.systemPrompt'): string
  getNumber(key: 'chat.maxReplyTokens'): number
}

export type ChatServiceOptions = ContextSources & {
  client(): InferenceClient | null
  /** Tokens per slot of the running server; null when unknown (then /props is asked). */
  contextSize(): Promise<number | null>
  settings: ChatSettings
  emit: Emit
  log: Logger
  userDataDir: string
  workspaceRoot(): string | null
  /** Delta batching interval (ms). */
  batchMs?: number
  now?: () => number
}

type Generation = { root: string | null; conversation: ChatConversation; abort: AbortController; done: Promise<void> }

const NO_SERVER = 'No model server is running. Start a model, then regenerate.'

export class ChatService {
  private readonly store: ConversationStore
  private readonly active = new Map<string, Generation>()
  /** Conversations made by New and not saved yet: an empty one is not worth a file (or an fsync before the first reply). */
  private readonly fresh = new Map<string, { root: string | null; conversation: ChatConversation }>()
  private counter: ServerTokenCounter | null = null
  private server: { client: InferenceClient; slots: number; nCtx: number | null } | null = null

  constructor(private readonly o: ChatServiceOptions) {
    this.store = new ConversationStore(o.userDataDir, o.log)
  }

  private now(): number {
    return (this.o.now ?? Date.now)()
  }

  private async load(id: string): Promise<{ root: string | null; conversation: ChatConversation }> {
    const g = this.active.get(id)
    if (g !== undefined) return g
    const root = this.o.workspaceRoot()
    const f = this.fresh.get(id)
    if (f !== undefined && f.root === root) return f
    return { root, conversation: await this.store.get(root, id) }
  }

  list(): Promise<ChatConversationSummary[]> {
    return this.store.list(this.o.workspaceRoot())
  }

  async get(id: string): Promise<ChatConversation> {
    return structuredClone((await this.load(id)).conversation)
  }

  async create(): Promise<ChatConversation> {
    const t = this.now()
    const c: ChatConversation = { id: newId(), title: NEW_TITLE, createdAt: t, updatedAt: t, messages: [] }
    this.fresh.set(c.id, { root: this.o.workspaceRoot(), conversation: c })
    return structuredClone(c)
  }

  async delete(id: string): Promise<void> {
    await this.stop(id)
    this.fresh.delete(id)
    await this.store.delete(this.o.workspaceRoot(), id)
  }

  async rename(id: string, title: string): Promise<ChatConversationSummary> {
    const { root, conversation } = await this.load(id)
    // The age in the list is the last message's, so a rename does not move the conversation.
    conversation.title = title.trim() === '' ? NEW_TITLE : title.trim()
    await this.store.save(root, conversation)
    this.fresh.delete(id)
    return summaryOf(conversation)
  }

  context(req: ContextRequest): Promise<ChatContextItem> {
    return resolveContext(req, this.o)
  }

  async budget(id: string | undefined, content: string, context: ChatContextItem[]): Promise<ChatBudget> {
    const messages = id === undefined ? [] : (await this.load(id)).conversation.messages
    return (await this.plan(messages, { content, context })).budget
  }

  /**
   * Appends the user message and starts the reply; answers with the reply's id at once. `ids` are
   * the renderer's for the two messages, which it already shows (so main's events change nothing
   * on screen); fresh ones are made without them.
   */
  async send(id: string, content: string, context: ChatContextItem[], ids?: MessageIds): Promise<ChatStarted> {
    const { root, conversation } = await this.idle(id)
    if (ids !== undefined) checkNewIds(conversation, ids)
    const user: ChatMessage = { ...this.message('user', 'done', ids?.user), content, context }
    return this.start(root, conversation, conversation.messages, user, ids?.reply)
  }

  async regenerate(id: string): Promise<ChatStarted> {
    const { root, conversation } = await this.idle(id)
    const msgs = [...conversation.messages]
    while (msgs.at(-1)?.role === 'assistant') msgs.pop()
    const user = msgs.pop()
    if (user === undefined) throw new KilnError('NOT_FOUND', 'nothing to regenerate: the conversation has no message yet')
    return this.start(root, conversation, msgs, user)
  }

  async editResend(id: string, messageId: string, content: string): Promise<ChatStarted> {
    const { root, conversation } = await this.idle(id)
    const at = conversation.messages.findIndex((m) => m.id === messageId)
    const old = conversation.messages[at]
    if (old === undefined) throw new KilnError('NOT_FOUND', `no message ${messageId} in this conversation`)
    if (old.role !== 'user') throw new KilnError('INVALID_ARGS', 'only your own messages can be edited')
    return this.start(root, conversation, conversation.messages.slice(0, at), { ...old, content })
  }

  /** Stops the reply being generated (the partial text is kept, marked 'stopped'); resolves once it is saved. */
  async stop(id: string): Promise<void> {
    const g = this.active.get(id)
    if (g === undefined) return
    g.abort.abort()
    await g.done
  }

  /** Stops every generation (app shutdown). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)))
  }

  // ----- generation

  private async idle(id: string): Promise<{ root: string | null; conversation: ChatConversation }> {
    if (this.active.has(id)) throw new KilnError('CONFLICT', 'a reply is still being written in this conversation: stop it first')
    return this.load(id)
  }

  private message(role: ChatMessage['role'], state: ChatMessage['state'], id = newId()): ChatMessage {
    return { id, role, content: '', context: [], createdAt: this.now(), state, error: null, timings: null, notice: null }
  }

  private async start(root: string | null, conversation: ChatConversation, before: ChatMessage[], user: ChatMessage, replyId?: string): Promise<ChatStarted> {
    const client = this.o.client()
    const plan = await this.plan(before, user, client)
    if (!plan.budget.fits) throw new KilnError('TOO_LARGE', plan.budget.message ?? 'the message does not fit the model context')
    if (this.active.has(conversation.id)) throw new KilnError('CONFLICT', 'a reply is still being written in this conversation: stop it first')

    const reply: ChatMessage = { ...this.message('assistant', client === null ? 'error' : 'streaming', replyId), notice: plan.notice, error: client === null ? NO_SERVER : null }
    conversation.messages = [...before, user, reply]
    if (conversation.title === NEW_TITLE && before.length === 0) conversation.title = titleFrom(user.content)
    conversation.updatedAt = this.now()
    if (client === null) {
      await this.store.save(root, conversation)
      this.fresh.delete(conversation.id)
      this.emitMessage(conversation.id, user)
      this.emitMessage(conversation.id, reply)
      return { messageId: reply.id, summary: summaryOf(conversation) }
    }
    const abort = new AbortController()
    const g: Generation = { root, conversation, abort, done: Promise.resolve() }
    this.active.set(conversation.id, g)
    // The request goes out while the conversation is saved (an fsync: milliseconds before the first
    // token otherwise); the store orders the writes, so the reply's final save lands after this one.
    // A save that fails stops the reply and answers the error, which the composer shows.
    const saved = this.store.save(root, conversation)
    this.fresh.delete(conversation.id)
    this.emitMessage(conversation.id, user)
    this.emitMessage(conversation.id, reply)
    const messages = buildMessages(systemPromptFrom(this.o.settings.getString('chat.systemPrompt')), plan.kept, user)
    g.done = this.generate(g, client, reply, messages, plan.budget.reserved)
    try {
      await saved
    } catch (e) {
      abort.abort()
      await g.done.catch(() => undefined)
      throw e
    }
    return { messageId: reply.id, summary: summaryOf(conversation) }
  }

  private async generate(g: Generation, client: InferenceClient, reply: ChatMessage, messages: ReturnType<typeof buildMessages>, maxTokens: number): Promise<void> {
    const id = g.conversation.id
    const batch = new DeltaBatcher((text) => this.o.emit('chat:delta', { conversationId: id, messageId: reply.id, text }), this.o.batchMs ?? 20)
    try {
      const slot = slotFor(id, (await this.serverInfo(client)).slots)
      const result = await client.chat(
        { messages, maxTokens, cachePrompt: true, slot },
        {
          signal: g.abort.signal,
          onDelta: (text) => {
            reply.content += text
            batch.push(text)
          },
        },
      )
      reply.content = result.text
      reply.timings = result.timings
      reply.state = result.truncated ? 'cut-off' : 'done'
      if (result.truncated) reply.error = 'the model server stopped answering mid-reply (it may have crashed): the partial reply is kept'
      else if (result.finishReason === 'length') reply.notice = joinNotice(reply.notice, `the reply reached its limit of ${maxTokens} tokens (chat.maxReplyTokens)`)
    } catch (e) {
      const partial = e instanceof InferenceError ? e.partial?.text : undefined
      if (partial !== undefined && partial.length >= reply.content.length) reply.content = partial
      if (e instanceof InferenceError && e.kind === 'cancelled') reply.state = 'stopped'
      else {
        reply.state = reply.content === '' ? 'error' : 'cut-off'
        reply.error = errorWords(e)
        if (!(e instanceof InferenceError)) this.o.log.error(`chat: generation failed in ${id}`, e)
      }
    } finally {
      batch.flush()
      g.conversation.updatedAt = this.now()
      // Still the active one while it is saved: a chat:get meanwhile sees this reply, not the file
      // saved when it started (read back as 'cut-off').
      await this.store.save(g.root, g.conversation).catch((e: unknown) => this.o.log.error(`chat: cannot save conversation ${id}`, e))
      this.active.delete(id)
      this.emitMessage(id, reply)
    }
  }

  private emitMessage(conversationId: string, message: ChatMessage): void {
    this.o.emit('chat:message', { conversationId, message: structuredClone(message) })
  }

  // ----- budget

  private async plan(before: readonly ChatMessage[], next: { content: string; context: readonly ChatContextItem[] }, client = this.o.client()): Promise<Plan> {
    let counter: TokenCounter = estimateCounter
    let contextSize: number | null = null
    if (client !== null) {
      if (this.counter?.client !== client) this.counter = new ServerTokenCounter(client)
      counter = this.counter
      contextSize = (await this.o.contextSize().catch(() => null)) ?? (await this.serverInfo(client)).nCtx
    }
    const input = { system: systemPromptFrom(this.o.settings.getString('chat.systemPrompt')), history: historyTurns(before), next, contextSize, maxReplyTokens: this.o.settings.getNumber('chat.maxReplyTokens') }
    try {
      return await planPrompt({ ...input, counter })
    } catch (e) {
      // The server went away between client() and /tokenize: count by estimate; the send says why.
      if (counter === estimateCounter) throw e
      return planPrompt({ ...input, counter: estimateCounter })
    }
  }

  /** Slots and per-slot context from /props, asked once per server. */
  private async serverInfo(client: InferenceClient): Promise<{ slots: number; nCtx: number | null }> {
    if (this.server?.client === client) return this.server
    let slots = 1
    let nCtx: number | null = null
    try {
      const props = await client.props()
      if (typeof props.total_slots === 'number') slots = props.total_slots
      const settings = props.default_generation_settings
      if (typeof settings === 'object' && settings !== null && typeof (settings as { n_ctx?: unknown }).n_ctx === 'number') nCtx = (settings as { n_ctx: number }).n_ctx
    } catch {
      return { slots, nCtx } // not remembered: ask again next time
    }
    this.server = { client, slots, nCtx }
    return this.server
  }
}

export type MessageIds = { user: string; reply: string }

function checkNewIds(c: ChatConversation, ids: MessageIds): void {
  if (!ID.test(ids.user) || !ID.test(ids.reply) || ids.user === ids.reply) {
    throw new KilnError('INVALID_ARGS', 'message ids must be two different names of letters, digits, - and _')
  }
  if (c.messages.some((m) => m.id === ids.user || m.id === ids.reply)) throw new KilnError('CONFLICT', 'a message with this id is already in the conversation')
}

const joinNotice = (a: string | null, b: string): string => (a === null ? b : `${a}; ${b}`)

function errorWords(e: unknown): string {
  if (e instanceof InferenceError) {
    if (e.kind === 'down') return `${e.message}: start a model in the Models view, then regenerate`
    return e.message
  }
  return e instanceof Error ? e.message : String(e)
}
