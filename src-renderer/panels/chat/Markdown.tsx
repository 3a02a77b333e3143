// Renders parsed Markdown (markdown.ts) as React elements: text stays text, links show their words
// and their address as a title (a reply cannot make the app navigate). Code blocks get CodeBlock.
import { Fragment, memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { parseMarkdown, type Block, type Inline } from './markdown'
import { CodeBlock } from './CodeBlock'

function renderInline(spans: Inline[]): ReactNode[] {
  return spans.map((s, i) => {
    switch (s.t) {
      case 'text':
        return <Fragment key={i}>{s.text}</Fragment>
      case 'code':
        return <code key={i}>{s.text}</code>
      case 'em':
        return <em key={i}>{renderInline(s.children)}</em>
      case 'strong':
        return <strong key={i}>{renderInline(s.children)}</strong>
      case 'link':
        return (
          <span key={i} className="kiln-chat-link" title={s.href}>
            {renderInline(s.children)}
          </span>
        )
    }
  })
}

function renderBlock(b: Block, i: number, streaming: boolean): ReactNode {
  switch (b.t) {
    case 'p':
      return <p key={i}>{renderInline(b.children)}</p>
    case 'h': {
      const H = `h${Math.min(6, b.level + 2)}` as 'h3'
      return <H key={i}>{renderInline(b.children)}</H>
    }
    case 'code':
      return <CodeBlock key={i} code={b.code} lang={b.lang} highlight={b.closed || !streaming} />
    case 'list': {
      const items = b.items.map((it, j) => <li key={j}>{renderInline(it)}</li>)
      return b.ordered ? (
        <ol key={i} start={b.start}>
          {items}
        </ol>
      ) : (
        <ul key={i}>{items}</ul>
      )
    }
    case 'quote':
      return <blockquote key={i}>{renderInline(b.children)}</blockquote>
    case 'hr':
      return <hr key={i} />
  }
}

/** A finished message's Markdown: parsed once per text. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return <div className="kiln-chat-md">{parseMarkdown(text).map((b, i) => renderBlock(b, i, false))}</div>
})

/** How often a streaming reply's Markdown is parsed again, at most. */
export const STREAM_PARSE_MS = 50

/** A streaming reply: the text grows with every delta; it is re-parsed at most every STREAM_PARSE_MS. */
export function StreamingMarkdown({ text }: { text: string }) {
  const [shown, setShown] = useState(text)
  // When text was last parsed; text with nothing visible yet (a reply often starts with a newline)
  // does not count, so the first words show at once.
  const last = useRef(Number.NEGATIVE_INFINITY)
  // A layout effect: the new text is committed before the frame is painted, not one frame later.
  useLayoutEffect(() => {
    const show = (): void => {
      last.current = /\S/.test(text) ? performance.now() : Number.NEGATIVE_INFINITY
      setShown(text)
    }
    const wait = last.current + STREAM_PARSE_MS - performance.now()
    if (wait <= 0) return show()
    const t = setTimeout(show, wait)
    return () => clearTimeout(t)
  }, [text])
  return <div className="kiln-chat-md">{parseMarkdown(shown).map((b, i) => renderBlock(b, i, true))}</div>
}
