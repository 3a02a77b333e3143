// One setting: its title, description, a control by type, its errors and a Reset button.
// Text and number inputs commit on Enter or when focus leaves; Esc puts the saved value back.
import { useState, type KeyboardEvent } from 'react'
import { coerceInput, type SettingValue, type SettingView } from './settingsModel'

export interface SettingItemProps {
  view: SettingView
  /** Saves a value; null resets to the default. Resolves to an error message or null. */
  onSet(key: string, value: SettingValue | null): Promise<string | null>
}

export function SettingItem({ view, onSet }: SettingItemProps) {
  const d = view.descriptor
  const [draft, setDraft] = useState<string | null>(null)
  const [localError, setLocalError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = `kiln-setting-${d.key}`

  const save = async (value: SettingValue | null): Promise<void> => {
    setBusy(true)
    const problem = await onSet(d.key, value)
    setBusy(false)
    setLocalError(problem)
    if (!problem) setDraft(null)
  }

  const commitDraft = (): void => {
    if (draft === null) return
    const c = coerceInput(d, draft)
    if (!c.ok) {
      setLocalError(c.message)
      return
    }
    if (c.value === view.value) {
      setDraft(null)
      setLocalError(null)
      return
    }
    void save(c.value)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault()
      commitDraft()
    } else if (e.key === 'Escape' && draft !== null) {
      e.preventDefault()
      e.stopPropagation()
      setDraft(null)
      setLocalError(null)
    }
  }

  let control
  if (d.type === 'boolean') {
    control = (
      <label className="kiln-set-check">
        <input
          id={inputId}
          type="checkbox"
          checked={view.value === true}
          disabled={busy}
          onChange={(e) => void save(e.target.checked)}
        />
        <span>{d.description}</span>
      </label>
    )
  } else if (d.type === 'enum') {
    const options = d.options ?? []
    const current = String(view.value)
    control = (
      <select
        id={inputId}
        className="kiln-set-select"
        value={current}
        disabled={busy}
        onChange={(e) => void save(e.target.value)}
      >
        {options.includes(current) ? null : <option value={current}>{current}</option>}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    )
  } else {
    control = (
      <input
        id={inputId}
        className={`kiln-set-input ${d.type === 'number' ? 'kiln-set-input-number' : ''}`}
        type="text"
        inputMode={d.type === 'number' ? 'decimal' : undefined}
        spellCheck={false}
        autoComplete="off"
        value={draft ?? String(view.value)}
        placeholder={d.type === 'string' && d.default === '' ? '(not set)' : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commitDraft}
        onKeyDown={onKeyDown}
      />
    )
  }

  const errors = localError ? [localError, ...view.errors.filter((m) => m !== localError)] : view.errors
  return (
    <div
      className={`kiln-set-item ${view.modified ? 'kiln-set-modified' : ''} ${errors.length ? 'kiln-set-invalid' : ''}`}
      data-testid="setting"
      data-key={d.key}
    >
      <div className="kiln-set-head">
        <label className="kiln-set-title" htmlFor={inputId}>
          <span className="kiln-set-category">{view.category}: </span>
          {view.title}
        </label>
        <button
          type="button"
          className="kiln-set-reset"
          title={`Reset to default (${String(d.default) === '' ? 'empty' : String(d.default)})`}
          disabled={busy || (!view.modified && view.errors.length === 0 && draft === null && localError === null)}
          onClick={() => void save(null)}
        >
          Reset
        </button>
      </div>
      {d.type === 'boolean' ? null : <div className="kiln-set-desc">{d.description}</div>}
      <div className="kiln-set-control">{control}</div>
      <div className="kiln-set-key">{d.key}</div>
      {errors.map((m, i) => (
        <div className="kiln-set-error" role="alert" key={i}>
          {m}
        </div>
      ))}
    </div>
  )
}
