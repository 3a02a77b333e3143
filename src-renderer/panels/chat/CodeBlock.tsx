// A fenced code block in a reply: highlighted by Monaco's colorizer (read back as text runs), with
// Copy and Apply. While the block is still streaming it shows plain text: colorizing every delta
// would cost more than it shows.
import { memo, useContext, useEffect, useState } from 'react'
import { useMonaco } from '../../editor/monaco-loader'
import { applyCodeBlock } from '../edit/apply'
import { hintFor } from '../edit/apply-target'
import { useChat } from './chat-store'
import { ReplyIdContext } from './reply-context'
import { copyText } from '../../lib/copy-text'
import { colorizedToLines, type Run } from './colorize-runs'
import { languageOfFence } from './markdown'

export const CodeBlock = memo(function CodeBlock({ code, lang, highlight }: { code: string; lang: string | null; highlight: boolean }) {
  const monaco = useMonaco()
  const [lines, setLines] = useState<Run[][] | null>(null)
  const [copied, setCopied] = useState(false)
  const language = languageOfFence(lang)
  const replyId = useContext(ReplyIdContext)
  const apply = (): void => {
    const hint = replyId === null ? null : hintFor(useChat.getState().conversation, replyId)
    void applyCodeBlock(code, language, hint)
  }
  useEffect(() => {
    if (!highlight || !monaco || !language) return setLines(null)
    const known = monaco.languages.getLanguages().some((l) => l.id === language)
    if (!known) return setLines(null)
    let live = true
    monaco.editor.colorize(code, language, { tabSize: 4 }).then(
      (html) => live && setLines(colorizedToLines(html)),
      () => live && setLines(null),
    )
    return () => {
      live = false
    }
  }, [code, language, highlight, monaco])
  return (
    <div className="kiln-chat-code" data-testid="chat-code" data-lang={language ?? ''}>
      <div className="kiln-chat-code-bar">
        <span className="kiln-chat-code-lang">{lang ?? 'text'}</span>
        <button
          type="button"
          data-testid="chat-code-copy"
          onClick={() => void copyText(code).then((ok) => ok && (setCopied(true), setTimeout(() => setCopied(false), 1200)))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" data-testid="chat-code-apply" title="Show this code as a diff against the selection or file the question was about (else the active editor)" onClick={apply}>
          Apply
        </button>
      </div>
      <pre className="monaco-editor-background">
        {lines
          ? lines.map((line, i) => (
              <div key={i} className="kiln-chat-code-line">
                {line.length === 0 ? '\n' : line.map((r, j) => (r.cls ? <span key={j} className={r.cls}>{r.text}</span> : r.text))}
              </div>
            ))
          : code}
      </pre>
    </div>
  )
})
