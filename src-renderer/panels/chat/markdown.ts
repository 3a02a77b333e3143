// A small Markdown parser for chat replies: paragraphs, headings, lists, fenced code, emphasis,
// inline code and links (kept as text). It returns data, never HTML: the view builds React
// elements from it, so nothing the model writes can become markup. Pure, so it is tested alone.
// A reply is parsed while it streams: an unclosed fence is an open code block, not lost text.

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'em'; children: Inline[] }
  | { t: 'strong'; children: Inline[] }
  | { t: 'link'; children: Inline[]; href: string }

export type Block =
  | { t: 'p'; children: Inline[] }
  | { t: 'h'; level: number; children: Inline[] }
  | { t: 'code'; lang: string | null; code: string; closed: boolean }
  | { t: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { t: 'quote'; children: Inline[] }
  | { t: 'hr' }

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)?.*$/
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const BULLET = /^ {0,3}[-*+]\s+(.*)$/
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/
const HR = /^ {0,3}([-*_])(\s*\1){2,}\s*$/
const QUOTE = /^ {0,3}>\s?(.*)$/

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let para: string[] = []
  const flush = (): void => {
    if (para.length) blocks.push({ t: 'p', children: parseInline(para.join('\n')) })
    para = []
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = FENCE.exec(line)
    if (fence) {
      flush()
      const mark = fence[1]!
      const body: string[] = []
      i++
      let closed = false
      while (i < lines.length) {
        const l = lines[i]!
        const trimmed = l.trim()
        if (trimmed.startsWith(mark[0]!.repeat(mark.length)) && /^[`~]+$/.test(trimmed)) {
          closed = true
          i++
          break
        }
        body.push(l)
        i++
      }
      blocks.push({ t: 'code', lang: fence[2] ? fence[2].toLowerCase() : null, code: body.join('\n'), closed })
      continue
    }
    if (line.trim() === '') {
      flush()
      i++
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      flush()
      blocks.push({ t: 'h', level: heading[1]!.length, children: parseInline(heading[2]!) })
      i++
      continue
    }
    if (HR.test(line)) {
      flush()
      blocks.push({ t: 'hr' })
      i++
      continue
    }
    const bullet = BULLET.exec(line)
    const ordered = bullet ? null : ORDERED.exec(line)
    if (bullet || ordered) {
      flush()
      const isOrdered = ordered !== null
      const items: string[] = []
      while (i < lines.length) {
        const l = lines[i]!
        const m = isOrdered ? ORDERED.exec(l) : BULLET.exec(l)
        if (m) items.push(isOrdered ? m[2]! : m[1]!)
        // An indented line continues the item (a wrapped line or a nested list, kept as text).
        else if (items.length && /^\s{2,}\S/.test(l)) items[items.length - 1] += '\n' + l.trim()
        else break
        i++
      }
      blocks.push({ t: 'list', ordered: isOrdered, start: ordered ? Number(ordered[1]) : 1, items: items.map(parseInline) })
      continue
    }
    const quote = QUOTE.exec(line)
    if (quote) {
      flush()
      const body: string[] = []
      while (i < lines.length) {
        const m = QUOTE.exec(lines[i]!)
        if (!m) break
        body.push(m[1]!)
        i++
      }
      blocks.push({ t: 'quote', children: parseInline(body.join('\n')) })
      continue
    }
    para.push(line)
    i++
  }
  flush()
  return blocks
}

/** Inline spans: `code`, **strong**, *em* / _em_, [text](href); backslash escapes a punctuation mark. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = []
  let buf = ''
  const pushText = (): void => {
    if (buf) out.push({ t: 'text', text: buf })
    buf = ''
  }
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (c === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1]!)) {
      buf += text[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      let n = 1
      while (text[i + n] === '`') n++
      const ticks = '`'.repeat(n)
      const end = text.indexOf(ticks, i + n)
      if (end > 0) {
        pushText()
        const inner = text.slice(i + n, end)
        out.push({ t: 'code', text: inner.length > 2 && inner.startsWith(' ') && inner.endsWith(' ') ? inner.slice(1, -1) : inner })
        i = end + n
        continue
      }
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) {
      const end = text.indexOf(c + c, i + 2)
      if (end > i + 2 && text[i + 2] !== ' ') {
        pushText()
        out.push({ t: 'strong', children: parseInline(text.slice(i + 2, end)) })
        i = end + 2
        continue
      }
    }
    if (c === '*' || c === '_') {
      const end = findEmphasisEnd(text, i, c)
      // Snake_case words keep their underscores: _ opens only at a word's start.
      const opens = c === '*' || i === 0 || !/\w/.test(text[i - 1]!)
      if (end > 0 && opens) {
        pushText()
        out.push({ t: 'em', children: parseInline(text.slice(i + 1, end)) })
        i = end + 1
        continue
      }
    }
    if (c === '[') {
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/.exec(text.slice(i))
      if (link) {
        pushText()
        out.push({ t: 'link', children: parseInline(link[1]!), href: link[2]! })
        i += link[0].length
        continue
      }
    }
    buf += c
    i++
  }
  pushText()
  return out
}

function findEmphasisEnd(text: string, start: number, mark: string): number {
  if (start + 1 >= text.length || /\s/.test(text[start + 1]!)) return -1
  for (let j = start + 1; j < text.length; j++) {
    if (text[j] === '\n' && text[j + 1] === '\n') return -1
    if (text[j] === '`') {
      const close = text.indexOf('`', j + 1)
      if (close > 0) j = close
      continue
    }
    if (text[j] === mark && text[j + 1] !== mark && text[j - 1] !== mark && !/\s/.test(text[j - 1]!)) {
      if (mark === '_' && j + 1 < text.length && /\w/.test(text[j + 1]!)) continue
      return j
    }
  }
  return -1
}

/** Plain text of inline spans (for a link's title, copy, tests). */
export const inlineText = (spans: Inline[]): string =>
  spans.map((s) => (s.t === 'text' || s.t === 'code' ? s.text : inlineText(s.children))).join('')

/** Fence info to a Monaco language id; null when unknown (plain text). */
export function languageOfFence(lang: string | null): string | null {
  if (!lang) return null
  const l = lang.toLowerCase()
  const aliases: Record<string, string> = {
    jl: 'julia',
    julia: 'julia',
    'julia-repl': 'julia',
    jldoctest: 'julia',
    py: 'python',
    python: 'python',
    sh: 'shell',
    bash: 'shell',
    shell: 'shell',
    console: 'shell',
    zsh: 'shell',
    yml: 'yaml',
    yaml: 'yaml',
    toml: 'toml',
    json: 'json',
    md: 'markdown',
    markdown: 'markdown',
  }
  return aliases[l] ?? l
}
