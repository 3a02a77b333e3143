// Load options for the next start (context size with presets, GPU layers, flash attention, parallel
// slots, threads) and the memory estimate they lead to, asked for again as they change.
import { useEffect, useState } from 'react'
import type { InferenceLoadOptions } from '../../../src-preload/contract'
import { Section } from '../julia/Section'
import { MemoryBar } from './MemoryBar'
import { CONTEXT_PRESETS, contextLabel, contextWarning, gpuLayersHint, parseIntField } from './models-format'
import { selectedModel, setOption, useModels } from './models-store'

type IntKey = 'contextSize' | 'gpuLayers' | 'parallel' | 'threads'

/** An integer input that keeps what is typed (an empty or partial number) and commits valid values. */
function IntField({ field, label, min, max, hint }: { field: IntKey; label: string; min: number; max: number; hint?: string | null }) {
  const value = useModels((s) => s.options[field])
  const [text, setText] = useState(String(value))
  useEffect(() => setText((t) => (parseIntField(t, min, max) === value ? t : String(value))), [value, min, max])
  const valid = parseIntField(text, min, max) !== null
  const id = `kiln-models-opt-${field}`
  return (
    <div className="kiln-models-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        className={valid ? '' : 'invalid'}
        data-testid={`models-opt-${field}`}
        value={text}
        min={min}
        max={max}
        step={1}
        aria-invalid={!valid}
        onChange={(e) => {
          setText(e.target.value)
          const n = parseIntField(e.target.value, min, max)
          if (n !== null && n !== value) setOption(field, n)
        }}
        onBlur={() => setText(String(value))}
      />
      {!valid ? <span className="kiln-models-hint bad">A whole number from {min} to {max}.</span> : hint ? <span className="kiln-models-hint">{hint}</span> : null}
    </div>
  )
}

export function LoadOptions() {
  const options = useModels((s) => s.options)
  const model = useModels(selectedModel)
  // An estimate that asked for GPU layers and got none placed: this machine has no GPU to use.
  const noGpu = useModels((s) => s.estimate !== null && s.estimate.gpu === null && s.options.gpuLayers !== 0)
  const trained = model?.contextLength ?? null
  const ctxWarn = contextWarning(options.contextSize, trained)
  return (
    <Section id="models-options" title="Load Options">
      <div className="kiln-models-options" data-testid="models-options">
        <IntField field="contextSize" label="Context size" min={64} max={4_194_304} hint={trained ? `trained for ${trained.toLocaleString('en')} tokens` : null} />
        <div className="kiln-models-presets" role="group" aria-label="Context presets">
          {CONTEXT_PRESETS.map((n) => (
            <button
              key={n}
              type="button"
              className={`kiln-models-preset${options.contextSize === n ? ' active' : ''}`}
              data-testid="models-ctx-preset"
              aria-pressed={options.contextSize === n}
              onClick={() => setOption('contextSize', n)}
            >
              {contextLabel(n)}
            </button>
          ))}
          {trained !== null && !(CONTEXT_PRESETS as readonly number[]).includes(trained) && (
            <button type="button" className={`kiln-models-preset${options.contextSize === trained ? ' active' : ''}`} title="The model's trained context" onClick={() => setOption('contextSize', trained)}>
              {contextLabel(trained)} (max)
            </button>
          )}
        </div>
        {ctxWarn && (
          <p className="kiln-models-warning tight" data-testid="models-ctx-warning">
            {ctxWarn}
          </p>
        )}
        <IntField field="gpuLayers" label="GPU layers" min={-1} max={9999} hint={`${gpuLayersHint(options.gpuLayers, model?.layers ?? null, noGpu)} (−1 all, 0 CPU)`} />
        <div className="kiln-models-field">
          <label htmlFor="kiln-models-opt-fa">Flash attention</label>
          <select
            id="kiln-models-opt-fa"
            data-testid="models-opt-flashAttention"
            value={options.flashAttention}
            onChange={(e) => setOption('flashAttention', e.target.value as InferenceLoadOptions['flashAttention'])}
          >
            <option value="auto">auto</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </div>
        <IntField field="parallel" label="Parallel slots" min={1} max={64} hint={options.parallel > 1 ? `the context is shared: ${Math.floor(options.contextSize / options.parallel).toLocaleString('en')} tokens each` : null} />
        <IntField field="threads" label="Threads" min={0} max={1024} hint={options.threads === 0 ? 'the engine chooses' : null} />
        <div className="kiln-models-subhead">Memory estimate</div>
        <MemoryBar />
      </div>
    </Section>
  )
}
