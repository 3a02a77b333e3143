// GET /v1/models, /props, /slots, /metrics: what the server holds and has done, in llama-server's
// shapes. /metrics is Prometheus text with llama-server's metric names.
import { sendJson, type Ctx } from './task'
import { DEFAULT_SAMPLING } from './generate'
import { version } from '../../../../package.json'

export async function models(c: Ctx): Promise<void> {
  const e = c.engine
  sendJson(c.res, 200, {
    object: 'list',
    data: [
      {
        id: e.modelId,
        object: 'model',
        owned_by: 'kiln',
        created: e.started,
        meta: { vocab_type: 1, n_vocab: e.meta.nVocab, n_ctx_train: e.meta.nCtxTrain, n_embd: e.meta.nEmbd, n_params: e.meta.nParams, size: e.meta.size },
      },
    ],
  })
}

const generationSettings = (nCtx: number): Record<string, unknown> => {
  const d = DEFAULT_SAMPLING
  return {
    n_ctx: nCtx,
    params: { n_predict: d.nPredict, temperature: d.temperature, top_k: d.topK, top_p: d.topP, min_p: d.minP, seed: d.seed, stop: [], cache_prompt: d.cachePrompt },
  }
}

export async function props(c: Ctx): Promise<void> {
  const e = c.engine
  sendJson(c.res, 200, {
    default_generation_settings: generationSettings(e.nCtxSlot),
    total_slots: e.slots.slots.length,
    model_alias: e.modelId,
    model_path: e.options.model,
    chat_template: e.chat.template ?? '',
    modalities: { vision: false, audio: false },
    build_info: `kiln-engine ${version} (node-llama-cpp, ${e.llama.gpu === false ? 'cpu' : e.llama.gpu})`,
  })
}

export async function slots(c: Ctx): Promise<void> {
  const e = c.engine
  sendJson(
    c.res,
    200,
    e.slots.slots.map((s) => ({
      id: s.id,
      id_task: s.taskId ?? -1,
      n_ctx: e.nCtxSlot,
      speculative: false,
      is_processing: s.taskId !== null,
      n_past: s.seq.nextTokenIndex,
      next_token: { has_next_token: s.taskId !== null, n_decoded: s.nDecoded },
    })),
  )
}

export async function metrics(c: Ctx): Promise<void> {
  const e = c.engine
  const k = e.counters
  const rows: [string, 'counter' | 'gauge', string, number][] = [
    ['prompt_tokens_total', 'counter', 'Number of prompt tokens processed.', k.promptTokens],
    ['prompt_seconds_total', 'counter', 'Prompt process time', k.promptMs / 1000],
    ['tokens_predicted_total', 'counter', 'Number of generation tokens processed.', k.predictedTokens],
    ['tokens_predicted_seconds_total', 'counter', 'Predict process time', k.predictedMs / 1000],
    ['prompt_tokens_seconds', 'gauge', 'Average prompt throughput in tokens/s.', k.promptMs > 0 ? (k.promptTokens * 1000) / k.promptMs : 0],
    ['predicted_tokens_seconds', 'gauge', 'Average generation throughput in tokens/s.', k.predictedMs > 0 ? (k.predictedTokens * 1000) / k.predictedMs : 0],
    ['requests_processing', 'gauge', 'Number of requests processing.', e.slots.processing],
    ['requests_deferred', 'gauge', 'Number of requests deferred.', e.slots.deferred],
  ]
  const text = rows.map(([name, type, help, v]) => `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${v}\n`).join('')
  c.res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
  c.res.end(text)
}
