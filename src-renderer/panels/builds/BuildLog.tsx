// The live build log: a virtual list (only the rows on screen are drawn), so a log of tens of
// thousands of lines scrolls as fast as a short one. Follows the end while the build runs unless
// the user scrolled up. Errors, warnings and stack frames are coloured.
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { lineKind, logLines, visibleRange, type LogBuffer } from './log-model'

const ROW = 18

export function BuildLog({ log, running, reveal }: { log: LogBuffer | undefined; running: boolean; reveal: number }) {
  const box = useRef<HTMLDivElement>(null)
  const [scroll, setScroll] = useState({ top: 0, height: 400 })
  const follow = useRef(true)
  const lines = log ? logLines(log) : []
  const { start, end } = visibleRange(scroll.top, scroll.height, ROW, lines.length)

  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const ro = new ResizeObserver(() => setScroll({ top: el.scrollTop, height: el.clientHeight }))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  useEffect(() => {
    const el = box.current
    if (el && follow.current) el.scrollTop = el.scrollHeight
  }, [lines.length, running])
  useEffect(() => {
    const el = box.current
    if (!el || reveal === 0) return
    follow.current = true
    el.scrollTop = el.scrollHeight
  }, [reveal])

  return (
    <div
      className="kiln-builds-log"
      ref={box}
      tabIndex={0}
      data-testid="builds-log"
      data-lines={lines.length}
      onScroll={(e) => {
        const el = e.currentTarget
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2
        setScroll({ top: el.scrollTop, height: el.clientHeight })
      }}
    >
      {log && (log.dropped > 0 || log.truncated) && (
        <div className="kiln-builds-log-note">{log.dropped > 0 ? `${log.dropped.toLocaleString('en')} earlier lines not shown (the view keeps the last ${lines.length.toLocaleString('en')})` : 'The start of this log was not kept.'}</div>
      )}
      {lines.length === 0 ? (
        <div className="kiln-builds-log-empty">{running ? 'Waiting for juliac’s output…' : 'No output.'}</div>
      ) : (
        <div className="kiln-builds-log-sizer" style={{ height: lines.length * ROW }}>
          <pre className="kiln-builds-log-rows" style={{ transform: `translateY(${start * ROW}px)` }}>
            {lines.slice(start, end).map((l, i) => (
              <div key={start + i} className={`kiln-builds-log-line ${lineKind(l)}`} data-testid="builds-log-line">
                {l || ' '}
              </div>
            ))}
          </pre>
        </div>
      )}
    </div>
  )
}
