// API calls whose errors the user should see: an `{ok:false}` becomes an error toast with the
// message main wrote, and the caller gets undefined.
import type { ArgsOf, Channel, Err, ResultOf } from '../../src-preload/contract'
import { api } from '../api'
import { notify } from '../store/notifications'

export async function callOrNotify<C extends Channel>(channel: C, args: ArgsOf<C>, what?: string): Promise<ResultOf<C> | undefined> {
  const r = await api.call(channel, args)
  if (r.ok) return r.value
  notifyError(r, what)
  return undefined
}

export function notifyError(e: Err, what?: string): void {
  notify('error', what ? `${what}: ${e.message}` : e.message)
}
