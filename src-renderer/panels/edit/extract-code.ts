// The proposal in a model's reply: the first fenced code block, or the whole reply when it has none.
// While a reply streams, an opened fence with no closing one yet gives what has arrived.

const OPEN = /^ {0,3}(`{3,}|~{3,})[^\n`]*$/

export type ExtractedCode = { code: string; language: string | null; complete: boolean }

export function extractCode(reply: string): ExtractedCode {
  const lines = reply.split(/\r?\n/)
  const at = lines.findIndex((l) => OPEN.test(l))
  if (at < 0) return { code: trimBlankLines(reply), language: null, complete: true }
  const fence = OPEN.exec(lines[at]!)![1]!
  const info = lines[at]!.trim().slice(fence.length).trim()
  // A closing fence: the same character, at least as long, nothing after it.
  const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`)
  const body: string[] = []
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i]!
    if (close.test(l)) {
      return { code: body.join('\n'), language: info.split(/\s+/)[0] || null, complete: true }
    }
    body.push(l)
  }
  return { code: body.join('\n'), language: info.split(/\s+/)[0] || null, complete: false }
}

const trimBlankLines = (s: string): string => s.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '')

/** The proposal made to end the way the original does (with or without a final newline). */
export function matchFinalNewline(original: string, proposal: string): string {
  if (original === '') return proposal
  const end = /(\r\n|\n|\r)$/.exec(original)?.[0] ?? ''
  const stripped = proposal.replace(/(\r\n|\n|\r)$/, '')
  return stripped + end
}
