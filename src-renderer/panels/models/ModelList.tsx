// The Models section: every GGUF file found (name, architecture, parameters, quantization, size,
// trained context; a file whose header could not be read is listed with the reason), the folders
// Kiln looked in, Rescan, and how to add a folder. With no model, it says where Kiln looked and
// what a GGUF file is.
import type { ModelEntry, ModelFolder } from '../../../src-preload/contract'
import { notify } from '../../store/notifications'
import { openSettingsTab } from '../../workbench/workbench-commands'
import { Section } from '../julia/Section'
import { formatBytes, formatParams, formatTokens, modelError, SOURCE_LABEL } from './models-format'
import { loadLibrary, selectModel, useModels } from './models-store'

const MODELS_PATH_KEY = 'inference.modelsPath'

function addFolder(): void {
  openSettingsTab()
  notify('info', `To add a model folder, set ${MODELS_PATH_KEY} in Settings (search “modelsPath”) to the folder holding your .gguf files, then Rescan.`)
}

function ModelRow({ model, selected, running }: { model: ModelEntry; selected: boolean; running: boolean }) {
  const meta = [model.architecture, formatParams(model.parameterCount), model.quantization, model.contextLength !== null ? `ctx ${formatTokens(model.contextLength)}` : null].filter((p) => p && p !== '—')
  return (
    <li>
      <button
        type="button"
        className={`kiln-models-row${selected ? ' selected' : ''}${model.error ? ' broken' : ''}`}
        data-testid="models-item"
        data-path={model.path}
        data-selected={selected}
        aria-pressed={selected}
        title={model.path}
        onClick={() => selectModel(model.path)}
      >
        <span className="kiln-models-row-head">
          {running && <span className="kiln-models-dot ok" title="Running" />}
          <span className="kiln-models-row-name">{model.name}</span>
          <span className="kiln-models-row-size">{formatBytes(model.fileSize)}</span>
        </span>
        {model.error ? (
          <span className="kiln-models-row-error" data-testid="models-item-error">
            {modelError(model)}
          </span>
        ) : (
          <span className="kiln-models-row-meta">{meta.join(' · ')}</span>
        )}
      </button>
    </li>
  )
}

function Folders({ folders }: { folders: ModelFolder[] }) {
  return (
    <div className="kiln-models-folders" data-testid="models-folders">
      <div className="kiln-models-subhead">Folders</div>
      {folders.length === 0 && <p className="kiln-models-muted">No model folder is set and no LM Studio or llama.cpp cache was found.</p>}
      <ul>
        {folders.map((f) => (
          <li key={f.path} className={f.exists ? '' : 'missing'} data-testid="models-folder" data-exists={f.exists} title={f.path}>
            <span className="kiln-models-folder-path mono">{f.path}</span>
            <span className="kiln-models-folder-meta">
              {SOURCE_LABEL[f.source]} · {!f.exists ? 'not found' : f.error ? <span className="kiln-models-bad">{f.error}</span> : `${f.models} ${f.models === 1 ? 'model' : 'models'}`}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" className="kiln-link" data-testid="models-add-folder" onClick={addFolder}>
        Add a folder (setting {MODELS_PATH_KEY})…
      </button>
    </div>
  )
}

function Empty({ folders }: { folders: ModelFolder[] }) {
  const looked = folders.map((f) => f.path)
  return (
    <div className="kiln-models-empty" data-testid="models-empty">
      <p>No GGUF models found.</p>
      <p className="kiln-models-muted">
        {looked.length > 0 ? `Kiln looked in ${looked.join(', ')}.` : 'Kiln has no folder to look in yet.'} A GGUF file (.gguf) is a model packed for llama.cpp: its weights, often
        quantized (Q4_K_M, Q8_0…), with its tokenizer and chat template. Download one (Hugging Face has many) into a folder, set {MODELS_PATH_KEY} to that folder,
        then Rescan.
      </p>
    </div>
  )
}

export function ModelList() {
  const library = useModels((s) => s.library)
  const libraryError = useModels((s) => s.libraryError)
  const scanning = useModels((s) => s.scanning)
  const selected = useModels((s) => s.selected)
  const running = useModels((s) => (s.status && s.status.state !== 'stopped' ? s.status.model?.path : null))
  return (
    <Section
      id="models-list"
      title="Library"
      actions={
        <button type="button" className="kiln-icon-button text" data-testid="models-rescan" title="Scan the model folders again" disabled={scanning} onClick={() => void loadLibrary(true)}>
          {scanning ? 'Scanning…' : 'Rescan'}
        </button>
      }
    >
      {libraryError && (
        <p className="kiln-models-problem" role="alert" data-testid="models-library-error">
          Could not read the model library: {libraryError}
        </p>
      )}
      {!library ? (
        !libraryError && <p className="kiln-models-muted">Looking for models…</p>
      ) : (
        <>
          {library.models.length === 0 ? (
            <Empty folders={library.folders} />
          ) : (
            <ul className="kiln-models-list" data-testid="models-list">
              {library.models.map((m) => (
                <ModelRow key={m.path} model={m} selected={m.path === selected} running={m.path === running} />
              ))}
            </ul>
          )}
          <Folders folders={library.folders} />
        </>
      )}
    </Section>
  )
}
