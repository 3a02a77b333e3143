// The selected model's header facts: architecture, size, quantization, context, layers, heads,
// embedding, experts, chat template, and its path ready to copy.
import type { ModelEntry } from '../../../src-preload/contract'
import { Section } from '../julia/Section'
import { formatBytes, formatParams, formatTokens, modelError } from './models-format'
import { selectedModel, useModels } from './models-store'
import { useCopy } from '../../lib/copy-text'

function CopyPath({ path }: { path: string }) {
  const { copy, label } = useCopy()
  return (
    <div className="kiln-models-copy">
      <code data-testid="models-detail-path">{path}</code>
      <button type="button" className="kiln-icon-button text" title="Copy the path" onClick={() => copy(path)}>
        {label}
      </button>
    </div>
  )
}

const orDash = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en'))

function rows(m: ModelEntry): [string, string][] {
  const heads = m.heads === null ? '—' : m.kvHeads !== null && m.kvHeads !== m.heads ? `${m.heads} (KV ${m.kvHeads})` : String(m.heads)
  return [
    ['Name', m.name],
    ['Architecture', m.architecture ?? '—'],
    ['Parameters', formatParams(m.parameterCount)],
    ['Quantization', m.quantization ?? '—'],
    ['File size', formatBytes(m.fileSize)],
    ['Trained context', m.contextLength === null ? '—' : `${formatTokens(m.contextLength)} tokens`],
    ['Layers', orDash(m.layers)],
    ['Heads', heads],
    ['Embedding', orDash(m.embedding)],
    ['Experts', m.experts === null || m.experts === 0 ? 'none (dense)' : orDash(m.experts)],
    ['Chat template', m.hasChatTemplate ? 'yes' : 'no'],
  ]
}

export function ModelDetails() {
  const model = useModels(selectedModel)
  if (!model) return null
  return (
    <Section id="models-details" title="Details">
      <div data-testid="models-details" data-path={model.path}>
        {model.error ? (
          <p className="kiln-models-problem" data-testid="models-detail-error">
            Kiln could not read this file’s header: {modelError(model)}
          </p>
        ) : (
          <dl className="kiln-models-facts">
            {rows(model).map(([label, value]) => (
              <div key={label} data-testid="models-detail" data-label={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        <CopyPath path={model.path} />
      </div>
    </Section>
  )
}
