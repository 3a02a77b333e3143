// Monaco's colorizer answers HTML (`<span class="mtk5">…</span><br/>`). Rather than inject it, this
// reads it back into lines of (class, text) runs that React renders as text: only the token class
// names survive, so nothing in a code block can become markup. Pure, so it is tested without Monaco.

export type Run = { cls: string; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      // Monaco writes spaces as &#160; and may add zero-width joiners: plain spaces copy and wrap better.
      if (code === 160) return ' '
      if (code === 0x200c) return ''
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole
    }
    return ENTITIES[name.toLowerCase()] ?? whole
  })
}

/** Only Monaco's token classes (mtkN, mtki, mtkb, mtku, mtks) are kept. */
const tokenClasses = (attrs: string): string => {
  const m = /class="([^"]*)"/.exec(attrs)
  return m ? m[1]!.split(/\s+/).filter((c) => /^mtk(\d+|[ibus])$/.test(c)).join(' ') : ''
}

export function colorizedToLines(html: string): Run[][] {
  const lines: Run[][] = [[]]
  const classes: string[] = []
  const re = /<(\/?)([a-z0-9]+)([^>]*)>|([^<]+)/gi
  let m: RegExpExecArray | null
  while ((m = re.exec(html))) {
    if (m[4] !== undefined) {
      const text = decode(m[4])
      if (text) lines[lines.length - 1]!.push({ cls: classes[classes.length - 1] ?? '', text })
      continue
    }
    const tag = m[2]!.toLowerCase()
    if (tag === 'br') lines.push([])
    else if (tag === 'span' && m[1]) classes.pop()
    else if (tag === 'span' && !m[3]!.endsWith('/')) classes.push(tokenClasses(m[3]!) || (classes[classes.length - 1] ?? ''))
  }
  // The colorizer ends every line with <br/>: drop the empty line after the last.
  if (lines.length > 1 && lines[lines.length - 1]!.length === 0) lines.pop()
  return lines
}
