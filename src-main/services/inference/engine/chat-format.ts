// OpenAI chat messages to prompt tokens through the model's own chat template (the GGUF's jinja
// `tokenizer.chat_template`, rendered by node-llama-cpp), falling back to the wrapper node-llama-cpp
// picks for the model when the template is absent or cannot be used.
import { badRequest } from './errors'
import type { ChatHistoryItem, ChatWrapper, LlamaModel, NodeLlamaCpp, Token } from './nlc'

export type ChatContentPart = { type: string; text?: unknown }
export type ChatMessage = { role: string; content: string | ChatContentPart[] | null }

export class ChatFormatter {
  readonly wrapper: ChatWrapper
  readonly template: string | null

  constructor(nlc: NodeLlamaCpp, private readonly model: LlamaModel) {
    const template = model.fileInfo.metadata.tokenizer?.chat_template
    this.template = typeof template === 'string' && template ? template : null
    let wrapper: ChatWrapper | null = null
    if (this.template) {
      try {
        wrapper = new nlc.JinjaTemplateChatWrapper({ template: this.template, tokenizer: model.tokenizer })
      } catch {
        wrapper = null
      }
    }
    this.wrapper = wrapper ?? nlc.resolveChatWrapper(model)
  }

  /** The prompt for these messages with the assistant's turn opened, and the text stop triggers. */
  format(messages: readonly ChatMessage[]): { tokens: Token[]; stops: string[] } {
    const history: ChatHistoryItem[] = messages.map(toHistoryItem)
    history.push({ type: 'model', response: [] })
    const state = this.wrapper.generateContextState({ chatHistory: history })
    const tokens = state.contextText.tokenize(this.model.tokenizer)
    const bos = this.model.tokens.bos
    if (bos !== null && this.model.tokens.shouldPrependBosToken && tokens[0] !== bos) tokens.unshift(bos)
    // Plain-text triggers only: special tokens end generation as end-of-generation tokens.
    const stops = state.stopGenerationTriggers
      .filter((t) => t.values.length > 0 && t.values.every((v) => typeof v === 'string'))
      .map((t) => t.values.join(''))
    return { tokens, stops }
  }
}

function text(content: ChatMessage['content']): string {
  if (content === null) return ''
  if (typeof content === 'string') return content
  return content.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('')
}

function toHistoryItem(m: ChatMessage): ChatHistoryItem {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { type: 'system', text: text(m.content) }
    case 'user':
    case 'tool':
      return { type: 'user', text: text(m.content) }
    case 'assistant':
      return { type: 'model', response: [text(m.content)] }
    default:
      throw badRequest(`unsupported message role: ${String(m.role).slice(0, 40)}`)
  }
}

/** Validates `messages` from a request body. */
export function parseMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v) || v.length === 0) throw badRequest("'messages' must be a non-empty array")
  return v.map((m, i) => {
    if (typeof m !== 'object' || m === null) throw badRequest(`messages[${i}] must be an object`)
    const { role, content } = m as Record<string, unknown>
    if (typeof role !== 'string') throw badRequest(`messages[${i}].role must be a string`)
    if (content !== null && content !== undefined && typeof content !== 'string' && !Array.isArray(content))
      throw badRequest(`messages[${i}].content must be a string or an array of parts`)
    return { role, content: (content ?? null) as ChatMessage['content'] }
  })
}
