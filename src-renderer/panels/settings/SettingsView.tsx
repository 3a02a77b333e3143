// Settings (Ctrl+,): every setting from 'settings:get', grouped, searchable, edited in place and
// kept live through 'settings:changed' (an edit to the file on disk shows up here too).
import { useEffect, useMemo, useRef, useState } from 'react'
import { api } from '../../api'
import type { SettingsSnapshot } from '../../../src-preload/contract'
import { SettingItem } from './SettingItem'
import { groupSettings, orphanErrors, type SettingValue } from './settingsModel'
import './settings.css'

export function SettingsView() {
  const [snapshot, setSnapshot] = useState<SettingsSnapshot | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [query, setQuery] = useState('')
  const searchRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    let live = true
    const off = api.on('settings:changed', (s) => setSnapshot(s))
    api.call('settings:get', {}).then(
      (r) => {
        if (!live) return
        if (r.ok) setSnapshot(r.value)
        else setLoadError(r.message)
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    )
    searchRef.current?.focus()
    return () => {
      live = false
      off()
    }
  }, [])

  const groups = useMemo(() => (snapshot ? groupSettings(snapshot, query) : []), [snapshot, query])
  const orphans = useMemo(() => (snapshot ? orphanErrors(snapshot) : []), [snapshot])
  const count = groups.reduce((n, g) => n + g.settings.length, 0)

  const onSet = async (key: string, value: SettingValue | null): Promise<string | null> => {
    try {
      const r = await api.call('settings:set', { key, value })
      if (!r.ok) return r.message
      setSnapshot(r.value)
      return null
    } catch (e) {
      return e instanceof Error ? e.message : String(e)
    }
  }

  const scrollTo = (id: string): void => {
    bodyRef.current?.querySelector(`[data-group="${id}"]`)?.scrollIntoView({ block: 'start' })
  }

  return (
    <div className="kiln-set" data-testid="settings-view">
      <div className="kiln-set-top">
        <input
          ref={searchRef}
          className="kiln-set-search"
          type="search"
          placeholder="Search settings (try @modified)"
          aria-label="Search settings"
          spellCheck={false}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault()
              e.stopPropagation()
              setQuery('')
            }
          }}
        />
        {snapshot ? (
          <div className="kiln-set-file">
            <span>{query ? `${count} ${count === 1 ? 'setting' : 'settings'} found · ` : ''}Settings file: </span>
            <code title={snapshot.file}>{snapshot.file}</code>
          </div>
        ) : null}
      </div>

      {loadError ? (
        <div className="kiln-set-error kiln-set-banner" role="alert">
          Could not load settings: {loadError}
        </div>
      ) : null}
      {orphans.map((e) => (
        <div className="kiln-set-error kiln-set-banner" role="alert" key={`${e.key}:${e.message}`}>
          {e.key}: {e.message}
        </div>
      ))}
      {!snapshot && !loadError ? <div className="kiln-set-empty">Loading settings…</div> : null}

      {snapshot ? (
        <div className="kiln-set-main">
          <nav className="kiln-set-toc" aria-label="Setting groups">
            {groups.map((g) => (
              <button type="button" key={g.id} className="kiln-set-toc-item" onClick={() => scrollTo(g.id)}>
                {g.title}
                <span className="kiln-set-toc-count">{g.settings.length}</span>
              </button>
            ))}
          </nav>
          <div className="kiln-set-body" ref={bodyRef}>
            {groups.length === 0 ? <div className="kiln-set-empty">No settings found</div> : null}
            {groups.map((g) => (
              <section key={g.id} className="kiln-set-group" data-group={g.id} aria-label={g.title}>
                <h2 className="kiln-set-group-title">{g.title}</h2>
                {g.settings.map((v) => (
                  <SettingItem key={v.descriptor.key} view={v} onSet={onSet} />
                ))}
              </section>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  )
}
