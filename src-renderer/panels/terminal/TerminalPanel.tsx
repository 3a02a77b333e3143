// The terminal panel inside the workbench's bottom panel: a tab per terminal (title, close, a
// context menu to restart or kill), "+" for a new one, and every terminal's xterm kept alive while
// hidden. The first time the panel is shown it starts a terminal if there is none.
import { useEffect, useRef, useState, type JSX, type MouseEvent } from 'react'
import { createPortal } from 'react-dom'
import {
  activate,
  ensureTerminals,
  getSession,
  killTerminal,
  newTerminal,
  registerTerminalCommands,
  restartTerminal,
  setOpenFile,
  useTerminalTabs,
  type FocusPolicy,
  type TerminalTab,
} from './terminals'
import { TerminalView } from './TerminalView'
import { JuliaIcon } from '../julia/JuliaIcon'
import { ReplBanner } from '../julia/ReplBanner'
import { interruptRepl, restartRepl, stopRepl } from '../julia/julia-client'
import { afterEditorStartup } from '../../workbench/editor-first'
import './terminal.css'

type Menu = { id: string; x: number; y: number; julia: boolean }

export function TerminalPanel(props: {
  visible: boolean
  onOpenFile: (path: string, line: number, column?: number) => void
  /** Where the tab strip goes (the bottom panel's header row); inline above the views when null. */
  tabsHost?: HTMLElement | null
}): JSX.Element {
  const { visible, onOpenFile, tabsHost } = props
  const { tabs, activeId, error } = useTerminalTabs()
  const [menu, setMenu] = useState<Menu | null>(null)

  useEffect(() => setOpenFile(onOpenFile), [onOpenFile])
  useEffect(() => registerTerminalCommands(), [])
  // Shown with the workbench: the first shell waits for the editor (workbench/editor-first.ts);
  // shown later by the user: at once.
  const shownAtStart = useRef(visible)
  useEffect(() => {
    if (!visible) return
    // In the background, it leaves the focus where the user already put it (e.g. in the editor).
    const start = (focus: FocusPolicy): void =>
      void ensureTerminals(focus).then(() => {
        const id = useTerminalTabs.getState().activeId
        if (id) activate(id, focus)
      })
    if (!shownAtStart.current) return start('yes')
    shownAtStart.current = false
    void afterEditorStartup().then(() => start('if-free'))
  }, [visible])
  useEffect(() => {
    if (!menu) return
    const close = () => setMenu(null)
    window.addEventListener('pointerdown', close)
    window.addEventListener('blur', close)
    return () => {
      window.removeEventListener('pointerdown', close)
      window.removeEventListener('blur', close)
    }
  }, [menu])

  const openMenu = (e: MouseEvent, tab: TerminalTab) => {
    e.preventDefault()
    setMenu({ id: tab.id, x: e.clientX, y: e.clientY, julia: tab.kind === 'julia' })
  }
  const menuAction = (action: (id: string) => Promise<void>) => (e: MouseEvent) => {
    e.stopPropagation()
    if (menu) void action(menu.id)
    setMenu(null)
  }

  const tabStrip = (
      <div className="kiln-terminal-tabs" role="tablist" aria-label="Terminals">
        {tabs.map((tab, i) => (
          <div
            key={tab.id}
            role="tab"
            aria-selected={tab.id === activeId}
            className={`kiln-terminal-tab${tab.id === activeId ? ' active' : ''}${tab.exited ? ' exited' : ''}${tab.kind === 'julia' ? ' julia' : ''}`}
            data-testid="terminal-tab"
            data-terminal-id={tab.id}
            data-kind={tab.kind}
            title={tab.exited ? `${tab.title} (exited; press Enter in it to restart)` : tab.title}
            onClick={() => activate(tab.id)}
            onContextMenu={(e) => openMenu(e, tab)}
          >
            {tab.kind === 'julia' && <JuliaIcon size={13} />}
            <span className="kiln-terminal-tab-title">
              {tab.kind === 'julia' ? 'Julia REPL' : `${i + 1}: ${tab.title}`}
              {tab.exited ? ' (exited)' : ''}
            </span>
            <button
              className="kiln-terminal-tab-close"
              data-testid="terminal-tab-close"
              aria-label={tab.kind === 'julia' ? 'Stop the Julia REPL' : `Kill terminal ${i + 1}`}
              title={tab.kind === 'julia' ? 'Stop Julia (Alt+J Alt+K)' : 'Kill Terminal'}
              onClick={(e) => {
                e.stopPropagation()
                void killTerminal(tab.id)
              }}
            >
              ×
            </button>
          </div>
        ))}
        <button className="kiln-terminal-new" data-testid="terminal-new" title="New Terminal (Ctrl+Shift+`)" aria-label="New Terminal" onClick={() => void newTerminal()}>
          +
        </button>
      </div>
  )

  return (
    <div className="kiln-terminal-panel" data-testid="terminal-panel">
      {tabsHost ? createPortal(tabStrip, tabsHost) : tabStrip}
      <ReplBanner replActive={tabs.find((t) => t.id === activeId)?.kind === 'julia' || !tabs.some((t) => t.kind === 'julia')} />
      <div className="kiln-terminal-views">
        {tabs.map((tab) => {
          const session = getSession(tab.id)
          return session ? <TerminalView key={tab.id} session={session} active={tab.id === activeId} /> : null
        })}
        {tabs.length === 0 && (
          <div className="kiln-terminal-empty">
            {error ?? 'No terminal is open.'}{' '}
            <button onClick={() => void newTerminal()}>New Terminal</button>
          </div>
        )}
      </div>
      {menu && (
        <div className="kiln-terminal-menu" data-testid="terminal-tab-menu" role="menu" style={{ left: menu.x, top: menu.y }} onPointerDown={(e) => e.stopPropagation()}>
          {menu.julia ? (
            <>
              <button role="menuitem" onClick={menuAction(() => interruptRepl())}>
                Interrupt Julia
              </button>
              <button role="menuitem" onClick={menuAction(() => restartRepl())}>
                Restart Julia
              </button>
              <button role="menuitem" onClick={menuAction(() => stopRepl())}>
                Stop Julia
              </button>
            </>
          ) : (
            <>
              <button role="menuitem" onClick={menuAction(restartTerminal)}>
                Restart Terminal
              </button>
              <button role="menuitem" onClick={menuAction(killTerminal)}>
                Kill Terminal
              </button>
            </>
          )}
        </div>
      )}
    </div>
  )
}
