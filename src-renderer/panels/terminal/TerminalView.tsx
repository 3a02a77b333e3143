// The host element of one xterm. The session outlives this component; the view only lends it a
// place in the DOM and fits it whenever that place changes size (or becomes visible).
import { useEffect, useRef } from 'react'
import type { TerminalSession } from './session'

export function TerminalView(props: { session: TerminalSession; active: boolean }) {
  const { session, active } = props
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const host = ref.current
    if (!host) return
    session.attach(host)
    let frame = 0
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => session.layout())
    })
    observer.observe(host)
    return () => {
      cancelAnimationFrame(frame)
      observer.disconnect()
      session.detach(host)
    }
  }, [session])

  return (
    <div
      ref={ref}
      className="kiln-terminal-view"
      data-testid="terminal-view"
      data-terminal-id={session.id}
      data-active={active ? 'true' : 'false'}
      style={{ display: active ? 'block' : 'none' }}
    />
  )
}
