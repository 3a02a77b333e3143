// juliac's status at the top of the Builds view: found (how it runs, its version and Julia's), or
// what to install, with the command ready to copy.
import { useState } from 'react'
import { Section } from '../julia/Section'
import { refreshBuilds, useBuilds } from './builds-store'

function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false)
  const copy = (): void => {
    void navigator.clipboard?.writeText(command).then(
      () => {
        setCopied(true)
        setTimeout(() => setCopied(false), 1500)
      },
      () => setCopied(false),
    )
  }
  return (
    <div className="kiln-builds-copy">
      <code data-testid="builds-install-command">{command}</code>
      <button type="button" className="kiln-icon-button text" data-testid="builds-copy-command" title="Copy the command" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}

export function JuliacStatusSection() {
  const status = useBuilds((s) => s.status)
  const unavailable = useBuilds((s) => s.unavailable)
  return (
    <Section
      id="juliac"
      title="juliac"
      actions={
        <button type="button" className="kiln-icon-button text" title="Look for juliac again and re-read .kiln/builds.json" data-testid="builds-refresh" onClick={() => void refreshBuilds()}>
          Refresh
        </button>
      }
    >
      <div className="kiln-builds-status" data-testid="builds-juliac" data-found={status?.found ?? 'unknown'}>
        {!status ? (
          <p className="kiln-builds-muted">{unavailable ? `Builds are not available here: ${unavailable}` : 'Looking for juliac…'}</p>
        ) : status.found ? (
          <>
            <div className="kiln-builds-found">
              <span className="kiln-builds-dot ok" />
              <span>
                juliac {status.version ?? ''}
                {status.juliaVersion ? ` · Julia ${status.juliaVersion}` : ''}
              </span>
            </div>
            {status.command && <div className="kiln-builds-muted mono" title="How Kiln runs juliac">{status.command.join(' ')}</div>}
          </>
        ) : (
          <>
            <p className="kiln-builds-problem" data-testid="builds-juliac-missing">
              {status.problem?.message ?? 'juliac was not found.'}
            </p>
            {status.problem?.fix && <CopyCommand command={status.problem.fix} />}
            <p className="kiln-builds-muted">Or set juliac.executablePath in Settings, then Refresh.</p>
          </>
        )}
      </div>
    </Section>
  )
}
