// The active environment: its name, packages (from Project.toml/Manifest.toml, read without
// Julia), problems in words, and Pkg's buttons (run in the REPL, whose tab comes into view).
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useJulia } from '../../store/julia'
import { environmentLabel } from './julia-format'
import { packageLabel, runPkg } from './julia-client'
import { Section } from './Section'
import { parsePackageList, SOURCE_LABEL, sortPackages } from './julia-view-model'

function AddPackage() {
  const focus = useJulia((s) => s.addPackageFocus)
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (focus > 0) input.current?.focus()
  }, [focus])
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    const { names, bad } = parsePackageList(text)
    if (bad.length > 0) return setError(`Not a package name: ${bad.join(', ')} (a name is letters, digits and _, optionally @version)`)
    if (names.length === 0) return setError('Type a package name, e.g. Plots or DataFrames@1.6')
    setError(null)
    void runPkg('add', names).then((ok) => ok && setText(''))
  }
  return (
    <form className="kiln-julia-add" onSubmit={submit}>
      <input
        ref={input}
        className={`kiln-input${error ? ' invalid' : ''}`}
        data-testid="julia-add-package"
        placeholder="Add package… (e.g. Plots)"
        aria-label="Package to add"
        aria-invalid={error !== null}
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('')
            setError(null)
          }
        }}
      />
      <button type="submit" className="kiln-button secondary small" data-testid="julia-add-package-button">
        Add
      </button>
      {error && (
        <div className="kiln-julia-input-error" role="alert" data-testid="julia-add-package-error">
          {error}
        </div>
      )}
    </form>
  )
}

export function EnvironmentSection() {
  const env = useJulia((s) => s.environment)
  const envError = useJulia((s) => s.environmentError)
  const envs = useJulia((s) => s.environments)
  const [showIndirect, setShowIndirect] = useState(false)
  const active = envs?.active ?? env?.key ?? ''
  const packages = sortPackages(env?.packages ?? [])
  const direct = packages.filter((p) => p.direct)
  const indirect = packages.length - direct.length
  const shown = showIndirect ? packages : direct
  return (
    <Section
      id="environment"
      title="Environment"
      actions={
        <button type="button" className="kiln-icon-button text" title="Change Current Environment (Alt+J Alt+E)" onClick={() => useJulia.setState({ envPickerOpen: true })}>
          Change…
        </button>
      }
    >
      <div className="kiln-julia-env" data-testid="julia-environment">
        <div className="kiln-julia-env-name" data-testid="julia-environment-name">
          {environmentLabel(active, envs?.environments)}
        </div>
        {env && (env.name || env.projectFile) && (
          <div className="kiln-julia-env-file">
            {[env.name ? `${env.name}${env.version ? ` v${env.version}` : ''}` : null, env.projectFile].filter(Boolean).join(' · ')}
          </div>
        )}
        {envError && <p className="kiln-julia-problem">Could not read the environment: {envError}</p>}
        {env?.manifestMissing && (
          <p className="kiln-julia-problem" data-testid="julia-env-problem">
            No Manifest.toml yet: Instantiate resolves and installs the packages.
          </p>
        )}
        {env?.problems.map((p, i) => (
          <p key={i} className="kiln-julia-problem" data-testid="julia-env-problem">
            {p}
          </p>
        ))}
        {env?.manifestJulia && <div className="kiln-julia-env-file">Manifest made by Julia {env.manifestJulia}</div>}
        <div className="kiln-julia-env-actions">
          <button type="button" className="kiln-button secondary small" data-testid="julia-instantiate" onClick={() => void runPkg('instantiate')}>
            Instantiate
          </button>
          <button type="button" className="kiln-button secondary small" data-testid="julia-update" onClick={() => void runPkg('update')}>
            Update
          </button>
          <button type="button" className="kiln-button secondary small" onClick={() => void runPkg('status')}>
            Status
          </button>
        </div>
        <AddPackage />
        {packages.length === 0 ? (
          <p className="kiln-julia-empty">No packages in this environment.</p>
        ) : (
          <ul className="kiln-julia-packages" data-testid="julia-packages">
            {shown.map((p) => (
              <li key={p.uuid || p.name} data-testid="julia-package" data-name={p.name} className={p.direct ? 'direct' : 'indirect'} title={`${p.name} ${p.uuid}\n${SOURCE_LABEL[p.source]}${p.direct ? '' : ' (indirect dependency)'}`}>
                <span className="name">{packageLabel(p)}</span>
                <span className="source">{p.direct ? SOURCE_LABEL[p.source] : 'indirect'}</span>
                {p.direct && (
                  <button type="button" className="kiln-icon-button" title={`Remove ${p.name}`} aria-label={`Remove ${p.name}`} onClick={() => void runPkg('remove', [p.name])}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {indirect > 0 && (
          <button type="button" className="kiln-link" onClick={() => setShowIndirect(!showIndirect)}>
            {showIndirect ? 'Hide indirect dependencies' : `Show ${indirect} indirect dependenc${indirect === 1 ? 'y' : 'ies'}`}
          </button>
        )}
      </div>
    </Section>
  )
}
