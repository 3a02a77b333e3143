// POST /tokenize {content, add_special?, with_pieces?} -> {tokens} (ids, or {id, piece} pairs) and
// POST /detokenize {tokens} -> {content}, as llama-server answers them.
import { badRequest } from './errors'
import { bool, str } from './params'
import { sendJson, type Ctx } from './task'
import type { Token } from './nlc'

export async function tokenize(c: Ctx): Promise<void> {
  const content = str(c.body, 'content') ?? ''
  const tokens = c.engine.tokenize(content, bool(c.body, 'add_special') ?? false)
  if (!(bool(c.body, 'with_pieces') ?? false)) return sendJson(c.res, 200, { tokens })
  const model = c.engine.model
  // A token's piece as it reads after another token: SPM drops a leading space at the start.
  const piece = (id: Token): string => model.detokenize([id, id], true).slice(model.detokenize([id], true).length)
  sendJson(c.res, 200, { tokens: tokens.map((id) => ({ id, piece: piece(id) })) })
}

export async function detokenize(c: Ctx): Promise<void> {
  const tokens = c.body.tokens ?? []
  const nVocab = c.engine.meta.nVocab
  if (!Array.isArray(tokens) || !tokens.every((t) => Number.isInteger(t) && t >= 0 && (nVocab === 0 || t < nVocab)))
    throw badRequest("'tokens' must be an array of token ids")
  sendJson(c.res, 200, { content: c.engine.model.detokenize(tokens as Token[], true) })
}
