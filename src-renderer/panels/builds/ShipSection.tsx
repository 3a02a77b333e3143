// Ship a build: package it as NAME-VERSION-PLATFORM.tar.gz (tarball path, sha256, files), or write
// a GitHub Actions workflow or a Dockerfile for its configuration and open it.
import { useState, type FormEvent } from 'react'
import type { PackageResult } from '../../../src-preload/contract'
import { formatBytes } from './builds-format'
import { generateFile, packageBuild } from './builds-store'

export const VERSION_RE = /^[0-9A-Za-z.+-]{1,40}$/

export function ShipSection({ buildId, config }: { buildId: string; config: string }) {
  const [version, setVersion] = useState('0.1.0')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<PackageResult | null>(null)
  const valid = VERSION_RE.test(version)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!valid) return
    setBusy(true)
    setResult(await packageBuild(buildId, version))
    setBusy(false)
  }
  return (
    <div className="kiln-builds-ship" data-testid="builds-ship">
      <form className="kiln-builds-run-form" noValidate onSubmit={(e) => void submit(e)}>
        <label>
          <span>version</span>
          <input className="kiln-input" data-testid="builds-package-version" value={version} aria-invalid={!valid} onChange={(e) => setVersion(e.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="kiln-button primary small" data-testid="builds-package" disabled={busy || !valid}>
          {busy ? 'Packaging…' : 'Package'}
        </button>
        <button type="button" className="kiln-button secondary small" data-testid="builds-generate-github" onClick={() => void generateFile(config, 'github')}>
          GitHub Workflow
        </button>
        <button type="button" className="kiln-button secondary small" data-testid="builds-generate-docker" onClick={() => void generateFile(config, 'docker')}>
          Dockerfile
        </button>
      </form>
      {!valid && <div className="kiln-builds-field-error">A version is letters, digits and . + - (e.g. 1.2.0)</div>}
      {result && (
        <div className="kiln-builds-package" data-testid="builds-package-result">
          <div className="mono" data-testid="builds-package-path">
            {result.tarball} <span className="kiln-builds-muted">({formatBytes(result.bytes)})</span>
          </div>
          <div className="mono kiln-builds-muted" data-testid="builds-package-sha" title="SHA-256 of the tarball">
            sha256 {result.sha256}
          </div>
          <details>
            <summary>{result.files.length} files</summary>
            <ul className="kiln-builds-files">
              {result.files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </div>
  )
}
