// "Try it": a prompt through the running server (64 tokens at most), with the answer, the time to
// the first token and the speed: how a new user sees the model answer before chat exists.
import { Section } from '../julia/Section'
import { formatMs, formatTokPerSec } from './models-format'
import { TRY_MAX_TOKENS, tryPrompt, useModels } from './models-store'

export function TryPrompt() {
  const ready = useModels((s) => s.status?.state === 'ready')
  const prompt = useModels((s) => s.prompt)
  const trying = useModels((s) => s.trying)
  const result = useModels((s) => s.tryResult)
  const error = useModels((s) => s.tryError)
  const canRun = ready && !trying && prompt.trim() !== ''
  return (
    <Section id="models-try" title="Try It">
      <div className="kiln-models-try" data-testid="models-try">
        <textarea
          className="kiln-models-prompt"
          data-testid="models-prompt"
          rows={3}
          value={prompt}
          disabled={!ready}
          placeholder="A prompt for the model"
          aria-label="Prompt"
          spellCheck={false}
          onChange={(e) => useModels.setState({ prompt: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canRun) {
              e.preventDefault()
              e.stopPropagation()
              void tryPrompt()
            }
          }}
        />
        <div className="kiln-models-actions">
          <button type="button" className="kiln-button primary small" data-testid="models-try-run" disabled={!canRun} title={`Complete the prompt (up to ${TRY_MAX_TOKENS} tokens) · Ctrl+Enter`} onClick={() => void tryPrompt()}>
            {trying ? 'Generating…' : 'Generate'}
          </button>
          {!ready && <span className="kiln-models-muted">Start the server to try the model.</span>}
        </div>
        {error && (
          <p className="kiln-models-problem" role="alert" data-testid="models-try-error">
            {error}
          </p>
        )}
        {result && (
          <div className="kiln-models-try-result" data-testid="models-try-result">
            <pre className="kiln-models-try-text">
              <span className="kiln-models-muted">{result.prompt}</span>
              {result.text}
            </pre>
            <div className="kiln-models-try-meta" data-testid="models-try-meta">
              {[
                result.firstTokenMs !== null ? `first token ${formatMs(result.firstTokenMs)}` : null,
                result.timings ? `${formatTokPerSec(result.timings.predictedPerSecond)}` : null,
                result.timings ? `${result.timings.predictedN} tokens` : null,
                `${formatMs(result.totalMs)} in all`,
              ]
                .filter((p) => p !== null)
                .join(' · ')}
            </div>
          </div>
        )}
      </div>
    </Section>
  )
}
