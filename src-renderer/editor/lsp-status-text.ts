// What the status bar says about language features, as pure functions (unit-tested without a
// DOM): the workspace index ("{ } 812 symbols", "Indexing 12/40") and the language server
// ("LanguageServer.jl: indexing 40%", "JETLS ready", "JETLS: failed"). The bar stays short; the
// tooltips carry the details (the server's progress text, why it failed).
import type { LangStatus } from '../../src-preload/contract'

export type ServerLook = 'busy' | 'ready' | 'failed'

export interface StatusText {
  text: string
  title: string
}

/** Longest server name shown in the bar; the tooltip has the whole one. */
const MAX_NAME = 24

export function describeIndex(index: LangStatus['index']): StatusText & { busy: boolean } {
  if (!index.done) {
    return { text: `Indexing ${index.files}/${index.total}`, title: `Indexing the workspace's Julia files: ${index.files} of ${index.total}`, busy: true }
  }
  const title = `Julia index: ${index.symbols} definitions in ${index.files} files (built in ${index.durationMs} ms)`
  return { text: `${index.symbols} symbols`, title, busy: false }
}

const shortName = (name: string | null): string => {
  const n = name?.trim() || 'Language server'
  return n.length > MAX_NAME ? `${n.slice(0, MAX_NAME - 1)}…` : n
}

/** The first line of a message: a crashed server's message ends with its stderr, which stays in the log. */
export const firstLine = (message: string): string => message.split(/\r?\n/, 1)[0]?.trim() ?? ''

/** "Indexing: 1/2 files (50%)" -> 50 */
const percentOf = (progress: string | null): number | null => {
  const m = progress ? /\((\d{1,3})%\)\s*$/.exec(progress) : null
  return m ? Number(m[1]) : null
}

/** The server's part of the bar; null when there is none (Kiln's index alone answers, nothing to say). */
export function describeServer(server: LangStatus['server']): (StatusText & { look: ServerLook }) | null {
  const name = shortName(server.name)
  const reason = firstLine(server.message)
  switch (server.state) {
    case 'absent':
      return null
    case 'starting': {
      const restart = /restarting \((\d+) of (\d+)\)/.exec(server.message)
      const text = restart ? `${name}: restarting ${restart[1]}/${restart[2]}` : `${name}: starting`
      return { text, title: `${reason}\nKiln’s own index answers until the server is ready.`, look: 'busy' }
    }
    case 'indexing': {
      const percent = percentOf(server.progress)
      const text = percent === null ? `${name}: indexing` : `${name}: indexing ${percent}%`
      const title = [reason, server.progress, 'Kiln’s own index answers until the server is ready.'].filter(Boolean).join('\n')
      return { text, title, look: 'busy' }
    }
    case 'ready':
      return { text: `${name} ready`, title: reason, look: 'ready' }
    case 'failed': {
      const fallback = /index answers/.test(reason) ? '' : '\nKiln’s own index answers instead.'
      return { text: `${name}: failed`, title: `${reason}${fallback}`, look: 'failed' }
    }
  }
}
