// The types of node-llama-cpp, which lives in its own folder (engine/, scripts/install-engine.mjs)
// and is imported at run time by file URL (runtime.ts). Type-only: nothing here reaches a bundle.
export type {
  ChatHistoryItem,
  ChatWrapper,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaModel,
  Token,
} from '../../../../engine/node_modules/node-llama-cpp/dist/index.js'

export type NodeLlamaCpp = typeof import('../../../../engine/node_modules/node-llama-cpp/dist/index.js')
