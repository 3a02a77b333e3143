// Generated tokens to text pieces, safe to send as they come: a piece never ends inside a UTF-8
// sequence (byte tokens of one character are held until it is whole), and text that could be the
// start of a stop string is held until it is known not to be one.
import type { LlamaModel, Token } from './nlc'

const MAX_HELD_TOKENS = 4 // the longest UTF-8 sequence

export class TextStream {
  private pending: Token[] = []
  private context: Token[] = []
  private held = ''
  /** Every token given to push, in order. */
  readonly tokens: Token[] = []
  /** The text released so far (stop string excluded). */
  text = ''
  /** The stop string found, once one is. */
  stoppedBy: string | null = null

  constructor(
    private readonly model: LlamaModel,
    private readonly stops: readonly string[],
  ) {}

  /** Adds a token; returns the text that can be sent now ('' when none). */
  push(token: Token): string {
    this.tokens.push(token)
    this.pending.push(token)
    const piece = this.model.detokenize(this.pending, false, this.context)
    if (piece.endsWith('\uFFFD') && this.pending.length < MAX_HELD_TOKENS) return ''
    this.context = [...this.context, ...this.pending].slice(-8)
    this.pending = []
    return this.release(this.held + piece)
  }

  /** What is still held at the end of generation. */
  flush(): string {
    if (this.stoppedBy !== null) return ''
    const rest = this.held + (this.pending.length ? this.model.detokenize(this.pending, false, this.context) : '')
    this.held = ''
    this.pending = []
    this.text += rest
    return rest
  }

  private release(s: string): string {
    if (this.stoppedBy !== null) return ''
    let cut = s.length
    for (const stop of this.stops) {
      const at = s.indexOf(stop)
      if (at >= 0 && at < cut) {
        cut = at
        this.stoppedBy = stop
      }
    }
    if (this.stoppedBy !== null) {
      const out = s.slice(0, cut)
      this.held = ''
      this.text += out
      return out
    }
    // Hold the longest tail that is a proper prefix of some stop string.
    let hold = 0
    for (const stop of this.stops)
      for (let k = Math.min(stop.length - 1, s.length); k > hold; k--)
        if (s.endsWith(stop.slice(0, k))) {
          hold = k
          break
        }
    const out = s.slice(0, s.length - hold)
    this.held = s.slice(s.length - hold)
    this.text += out
    return out
  }
}
