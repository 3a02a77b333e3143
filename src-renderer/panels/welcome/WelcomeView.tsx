// The editor area with no folder open: open a folder, pick a recent one, learn the shortcuts.
import { useEffect, useState, useSyncExternalStore } from 'react'
import { api } from '../../api'
import { getCommands, subscribeCommands } from '../../commands'
import { KeyCaps } from '../palette/KeyCaps'
import { OpenFolderDialog } from './OpenFolderDialog'
import { baseName, tildify } from './folderPath'
import './welcome.css'

// Shortcuts worth knowing on day one; the title comes from the registry when a command has the key.
const HINTS: { key: string; label: string }[] = [
  { key: 'Ctrl+O', label: 'Open Folder' },
  { key: 'Ctrl+Shift+P', label: 'Show All Commands' },
  { key: 'Ctrl+P', label: 'Go to File' },
  { key: 'Ctrl+Shift+F', label: 'Find in Files' },
  { key: 'Ctrl+`', label: 'Toggle Panel' },
  { key: 'Ctrl+,', label: 'Open Settings' },
]

const MAX_RECENT = 10

type Recent = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; folders: string[] }

export function WelcomeView(props: { onOpenFolder(path: string): void }) {
  const { onOpenFolder } = props
  const [recent, setRecent] = useState<Recent>({ state: 'loading' })
  const [home, setHome] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)
  const commands = useSyncExternalStore(subscribeCommands, getCommands)

  useEffect(() => {
    let live = true
    api.call('workspace:recent', {}).then(
      (r) => live && setRecent(r.ok ? { state: 'ready', folders: r.value } : { state: 'error', message: r.message }),
      (e: unknown) => live && setRecent({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    )
    // Home only shortens paths for display; without it full paths are shown.
    api.call('app:info', {}).then(
      (r) => live && r.ok && setHome(r.value.home),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [])

  const hints = HINTS.map((h) => ({ ...h, label: commands.find((c) => c.keybinding === h.key)?.title ?? h.label }))

  return (
    <div className="kiln-wel" data-testid="welcome">
      <div className="kiln-wel-inner">
        <header className="kiln-wel-head">
          <h1 className="kiln-wel-title">Kiln</h1>
          <p className="kiln-wel-sub">A Julia IDE for your own workstation</p>
        </header>

        <div className="kiln-wel-columns">
          <section className="kiln-wel-section" aria-labelledby="kiln-wel-start">
            <h2 id="kiln-wel-start" className="kiln-wel-h2">
              Start
            </h2>
            <button type="button" className="kiln-wel-primary" data-testid="open-folder" onClick={() => setPicking(true)}>
              Open Folder…
            </button>

            <h2 className="kiln-wel-h2 kiln-wel-recent-title">Recent</h2>
            {recent.state === 'loading' ? <p className="kiln-wel-muted">Loading…</p> : null}
            {recent.state === 'error' ? (
              <p className="kiln-wel-error" role="alert">
                Could not load recent folders: {recent.message}
              </p>
            ) : null}
            {recent.state === 'ready' && recent.folders.length === 0 ? (
              <p className="kiln-wel-muted">No recent folders yet. Open one to get started.</p>
            ) : null}
            {recent.state === 'ready' && recent.folders.length > 0 ? (
              <ul className="kiln-wel-recent">
                {recent.folders.slice(0, MAX_RECENT).map((path) => (
                  <li key={path}>
                    <button
                      type="button"
                      className="kiln-wel-recent-item"
                      data-testid="recent-folder"
                      data-path={path}
                      title={path}
                      onClick={() => onOpenFolder(path)}
                    >
                      <span className="kiln-wel-recent-name">{baseName(path)}</span>
                      <span className="kiln-wel-recent-path">{tildify(path, home)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section className="kiln-wel-section" aria-labelledby="kiln-wel-keys">
            <h2 id="kiln-wel-keys" className="kiln-wel-h2">
              Shortcuts
            </h2>
            <dl className="kiln-wel-hints">
              {hints.map((h) => (
                <div className="kiln-wel-hint" key={h.key}>
                  <dt>{h.label}</dt>
                  <dd>
                    <KeyCaps binding={h.key} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
      {picking ? (
        <OpenFolderDialog
          onOpen={(path) => {
            setPicking(false)
            onOpenFolder(path)
          }}
          onCancel={() => setPicking(false)}
        />
      ) : null}
    </div>
  )
}
