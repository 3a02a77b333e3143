// The configuration editor: every juliac option of one configuration, checked as you type, saved
// through juliac:saveConfigs. A refused save keeps the form as typed and puts each problem beside
// its field.
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react'
import type { BuildConfig } from '../../../src-preload/contract'
import { api } from '../../api'
import { ask } from '../../store/dialog'
import { notify } from '../../store/notifications'
import { CPU_TARGETS, emptyForm, fromForm, hasErrors, OUTPUT_KINDS, parseSaveError, problemsFor, problemTarget, toForm, TRIM_MODES, validateForm, type ConfigForm, type FieldErrors, type FormField } from './config-form'
import { saveConfigs, useBuilds } from './builds-store'

const TRIM_HELP: Record<string, string> = {
  safe: 'safe — remove unreachable code; fail on calls it cannot resolve',
  unsafe: 'unsafe — remove code even where calls are unresolved',
  'unsafe-warn': 'unsafe-warn — like unsafe, and report every problem',
  no: 'no — keep everything (large output)',
}

function Field(props: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className={`kiln-builds-field${props.error ? ' invalid' : ''}`} data-testid={`builds-field-${props.id}`}>
      <label htmlFor={`kiln-builds-${props.id}`}>{props.label}</label>
      {props.children}
      {props.error ? (
        <div className="kiln-builds-field-error" role="alert" data-testid={`builds-error-${props.id}`}>
          {props.error}
        </div>
      ) : (
        props.hint && <div className="kiln-builds-field-hint">{props.hint}</div>
      )}
    </div>
  )
}

function useJlFiles(): string[] {
  const [files, setFiles] = useState<string[]>([])
  useEffect(() => {
    void api.call('workspace:files', {}).then((r) => r.ok && setFiles(r.value.files.filter((f) => f.endsWith('.jl') && !f.startsWith('test/')).slice(0, 300)))
  }, [])
  return files
}

export function ConfigEditor({ editing }: { editing: number | 'new' }) {
  const all = useBuilds((s) => s.configs)
  const configs = all?.configs ?? []
  const original = editing === 'new' ? null : (configs[editing] ?? null)
  const [form, setForm] = useState<ConfigForm>(() => (original ? toForm(original) : emptyForm(uniqueName(configs), configs[0]?.entry ?? 'src/main.jl')))
  const [touched, setTouched] = useState<Partial<Record<FormField, boolean>>>({})
  const [server, setServer] = useState<{ fields: FieldErrors; general: string[] }>(() => (editing === 'new' || !all ? { fields: {}, general: [] } : problemsFor(all.problems, editing)))
  const [saving, setSaving] = useState(false)
  const files = useJlFiles()
  const listId = useId()
  const others = useMemo(() => configs.filter((_, i) => i !== editing).map((c) => c.name), [configs, editing])
  const live = validateForm(form, others)
  // Live errors show once a field was touched (or a save tried); the service's stay until edited.
  const errorOf = (f: FormField): string | undefined => (touched[f] ? live[f] : undefined) ?? server.fields[f]

  const set = <K extends FormField>(key: K, value: ConfigForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value, ...(key === 'name' && f.bundle === `build/${f.name}` ? { bundle: `build/${String(value)}` } : {}) }))
    setTouched((t) => ({ ...t, [key]: true }))
    setServer((s) => ({ ...s, fields: { ...s.fields, [key]: undefined } }))
  }
  const close = (): void => useBuilds.setState({ editing: null })

  const save = async (): Promise<void> => {
    const errors = validateForm(form, others)
    if (hasErrors(errors)) {
      setTouched(Object.fromEntries(Object.keys(errors).map((k) => [k, true])))
      return
    }
    const config = fromForm(form)
    const next: BuildConfig[] = editing === 'new' ? [...configs, config] : configs.map((c, i) => (i === editing ? config : c))
    const index = editing === 'new' ? next.length - 1 : editing
    setSaving(true)
    const r = await saveConfigs(next)
    setSaving(false)
    if (!r.ok) {
      const problems = parseSaveError(r.message)
      const mapped = problemsFor(problems, index)
      // Problems naming no configuration (or another one) are still this save's: show them in words.
      const rest = problems.filter((p) => problemTarget(p.path).index !== index).map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))
      setServer({ fields: mapped.fields, general: [...mapped.general, ...rest] })
      return
    }
    const mine = problemsFor(r.value.problems, index)
    if (hasErrors(mine.fields) || mine.general.length > 0) {
      setServer(mine)
      notify('warning', `Saved ${config.name}, with problems to fix before it builds`)
      return
    }
    close()
  }

  const remove = async (): Promise<void> => {
    if (editing === 'new' || !original) return close()
    const answer = await ask({ title: `Delete the build configuration “${original.name}”?`, message: 'Its build history and outputs stay on disk.', buttons: [{ action: 'delete', label: 'Delete', primary: true }, { action: 'cancel', label: 'Cancel' }], cancelAction: 'cancel' })
    if (answer !== 'delete') return
    const r = await saveConfigs(configs.filter((_, i) => i !== editing))
    if (r.ok) close()
    else setServer({ fields: {}, general: [r.message] })
  }

  const text = (key: 'name' | 'entry' | 'bundle' | 'cpuTarget' | 'project' | 'extraArgs', placeholder: string, list?: string) => (
    <input
      id={`kiln-builds-${key}`}
      className="kiln-input"
      data-testid={`builds-input-${key}`}
      value={form[key]}
      placeholder={placeholder}
      list={list}
      spellCheck={false}
      aria-invalid={errorOf(key) !== undefined}
      onChange={(e) => set(key, e.target.value)}
      onBlur={() => setTouched((t) => ({ ...t, [key]: true }))}
    />
  )
  const check = (key: 'experimental' | 'compileCcallable' | 'privatize', label: string, title: string) => (
    <label className="kiln-builds-check" title={title}>
      <input type="checkbox" data-testid={`builds-input-${key}`} checked={form[key]} onChange={(e) => set(key, e.target.checked)} />
      {label}
    </label>
  )

  return (
    <form
      className="kiln-builds-editor"
      data-testid="builds-editor"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <div className="kiln-builds-editor-title">{editing === 'new' ? 'New build configuration' : `Edit ${original?.name ?? ''}`}</div>
      {server.general.map((m, i) => (
        <p key={i} className="kiln-builds-problem" role="alert" data-testid="builds-editor-problem">
          {m}
        </p>
      ))}
      <Field id="name" label="Name" error={errorOf('name')} hint="The output’s bare file name (juliac refuses a path)">
        {text('name', 'app')}
      </Field>
      <Field id="entry" label="Entry" error={errorOf('entry')} hint="A .jl file or a package folder with function (@main)(ARGS)">
        {text('entry', 'src/main.jl', listId)}
        <datalist id={listId}>
          {files.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </Field>
      <div className="kiln-builds-row">
        <Field id="output" label="Output">
          <select id="kiln-builds-output" data-testid="builds-input-output" value={form.output} onChange={(e) => set('output', e.target.value as ConfigForm['output'])}>
            {OUTPUT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'exe' ? 'executable' : k === 'lib' ? 'shared library' : 'system image'}
              </option>
            ))}
          </select>
        </Field>
        <Field id="trim" label="Trim">
          <select id="kiln-builds-trim" data-testid="builds-input-trim" value={form.trim} title={TRIM_HELP[form.trim]} onChange={(e) => set('trim', e.target.value as ConfigForm['trim'])}>
            {TRIM_MODES.map((k) => (
              <option key={k} value={k} title={TRIM_HELP[k]}>
                {k}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="bundle" label="Bundle folder" error={errorOf('bundle')} hint="--bundle: bin/, lib/ and lib/julia/ go here; empty for a bare output">
        {text('bundle', 'build/app')}
      </Field>
      <div className="kiln-builds-checks">
        {check('experimental', '--experimental', 'Needed for --trim with JuliaC today')}
        {check('compileCcallable', '--compile-ccallable', 'Export @ccallable functions (libraries)')}
        {check('privatize', '--privatize', 'Rename Julia’s internal symbols so two Julia libraries can load together')}
      </div>
      <Field id="cpuTarget" label="CPU target" error={errorOf('cpuTarget')} hint="Empty: juliac’s default. e.g. x86-64-v3, znver4">
        {text('cpuTarget', 'default', `${listId}-cpu`)}
        <datalist id={`${listId}-cpu`}>
          {CPU_TARGETS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </Field>
      <Field id="project" label="Project" error={errorOf('project')} hint="Folder with Project.toml; empty: the active environment">
        {text('project', '.')}
      </Field>
      <Field id="extraArgs" label="Extra arguments" error={errorOf('extraArgs')} hint="Passed to juliac as typed (quotes group words)">
        {text('extraArgs', '--verbose')}
      </Field>
      <div className="kiln-builds-editor-actions">
        <button type="submit" className="kiln-button primary small" data-testid="builds-save" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="kiln-button secondary small" data-testid="builds-editor-cancel" onClick={close}>
          Cancel
        </button>
        {editing !== 'new' && (
          <button type="button" className="kiln-button secondary small danger" data-testid="builds-delete" onClick={() => void remove()}>
            Delete
          </button>
        )}
      </div>
    </form>
  )
}

function uniqueName(configs: readonly BuildConfig[]): string {
  const names = new Set(configs.map((c) => c.name))
  if (!names.has('app')) return 'app'
  for (let i = 2; ; i++) if (!names.has(`app${i}`)) return `app${i}`
}
