// The loaded model and its slots: what every endpoint serves from. Loads node-llama-cpp, checks the
// GGUF header first (a corrupt file gets a clear error rather than a native abort), loads the model
// with progress, creates one context of `parallel` sequences of ctx/parallel tokens each (as
// llama-server splits -c among -np slots).
import { basename } from 'node:path'
import { checkModelFile, type ModelMeta } from './model-check'
import { ChatFormatter } from './chat-format'
import { SlotPool } from './slots'
import type { Counters } from './generate'
import type { EngineOptions } from './args'
import type { Llama, LlamaContext, LlamaModel, NodeLlamaCpp, Token } from './nlc'

export interface LoadHooks {
  onProgress(fraction: number): void
}

export class Engine {
  readonly counters: Counters = { promptTokens: 0, promptMs: 0, predictedTokens: 0, predictedMs: 0 }
  readonly started = Math.floor(Date.now() / 1000)

  private constructor(
    readonly options: EngineOptions,
    readonly nlc: NodeLlamaCpp,
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly slots: SlotPool,
    readonly nCtxSlot: number,
    readonly meta: ModelMeta,
    readonly chat: ChatFormatter,
  ) {}

  static async load(options: EngineOptions, nlc: NodeLlamaCpp, hooks: LoadHooks): Promise<Engine> {
    const meta = await checkModelFile(options.model)
    const llama = await nlc.getLlama({
      gpu: options.gpu === 'off' ? false : 'auto',
      build: 'never',
      logLevel: nlc.LlamaLogLevel.error,
      ...(options.threads > 0 ? { maxThreads: options.threads } : {}),
    })
    const model = await llama.loadModel({
      modelPath: options.model,
      ...(options.gpuLayers !== null ? { gpuLayers: options.gpuLayers } : {}),
      onLoadProgress: (p) => hooks.onProgress(p),
    })
    try {
      const total = options.ctxSize > 0 ? options.ctxSize : model.trainContextSize
      const nCtxSlot = Math.max(1, Math.floor(total / options.parallel))
      const context = await model.createContext({
        contextSize: nCtxSlot,
        sequences: options.parallel,
        ...(options.threads > 0 ? { threads: options.threads } : {}),
      })
      const sequences = Array.from({ length: options.parallel }, () => context.getSequence())
      const chat = new ChatFormatter(nlc, model)
      return new Engine(options, nlc, llama, model, context, new SlotPool(sequences), nCtxSlot, meta, chat)
    } catch (e) {
      await model.dispose()
      throw e
    }
  }

  get modelId(): string {
    return this.options.alias ?? basename(this.options.model)
  }

  /** Text to tokens as llama-server does: special-token text parsed, BOS added when the vocab wants it. */
  tokenize(text: string, addSpecial: boolean): Token[] {
    const tokens = this.model.tokenize(text, true)
    return addSpecial ? this.withBos(tokens) : tokens
  }

  withBos(tokens: Token[]): Token[] {
    const bos = this.model.tokens.bos
    if (bos === null || !this.model.tokens.shouldPrependBosToken || tokens[0] === bos) return tokens
    return [bos, ...tokens]
  }

  async dispose(): Promise<void> {
    this.slots.close()
    await this.context.dispose()
    await this.model.dispose()
    await this.llama.dispose()
  }
}
