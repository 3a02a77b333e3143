// The router: one place where a contract channel meets the service that answers it.
// It validates every argument with the channel's zod schema at the boundary and turns every
// failure (bad args, unknown channel, a throwing handler) into a typed `{ ok: false }` result.
import {
  channels,
  err,
  isChannel,
  type Channel,
  type ParsedArgsOf,
  type Result,
  type ResultOf,
} from '../src-preload/contract'
import type { Logger } from './lib/log'

export type Handler<C extends Channel> = (args: ParsedArgsOf<C>) => Promise<Result<ResultOf<C>>> | Result<ResultOf<C>>
export type HandlerMap<K extends Channel> = { [C in K]: Handler<C> }
export type Handlers = HandlerMap<Channel>

/** An error a service may throw to choose the code the renderer sees. */
export class KilnError extends Error {
  constructor(
    readonly code: import('../src-preload/contract').ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export class Router {
  constructor(
    private readonly handlers: Handlers,
    private readonly log: Logger,
  ) {}

  async dispatch(channel: string, rawArgs: unknown): Promise<Result<unknown>> {
    if (!isChannel(channel)) return err('UNKNOWN_CHANNEL', `unknown channel: ${String(channel).slice(0, 100)}`)
    const parsed = channels[channel].args.safeParse(rawArgs ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''
      return err('INVALID_ARGS', `${channel}: ${issue?.message ?? 'invalid arguments'}${where}`)
    }
    const handler = this.handlers[channel] as (args: unknown) => Promise<Result<unknown>> | Result<unknown>
    try {
      return await handler(parsed.data)
    } catch (e) {
      if (e instanceof KilnError) return err(e.code, e.message)
      this.log.error(`${channel} failed`, e)
      return err('INTERNAL', `${channel}: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
}
