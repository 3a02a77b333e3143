// The status bar's module item for the active Julia file: the module the next run from the cursor
// uses (`Main`, `Demo`; `(Demo)` once a run found Demo not loaded, as VS Code's Julia extension
// shows it), and "Julia: Select Module" — a quick pick of Main and the file's modules that pins
// one for the file until Kiln reloads (VS Code keeps its choice per document in memory too).
import { useMemo, useState } from 'react'
import { activeTab, isFileTab } from '../../editor/groups'
import { MAIN, moduleAt, modulesOf, shortModule } from '../../editor/run-module'
import { useEditors } from '../../store/editors'
import { useJulia } from '../../store/julia'
import { useOutline } from '../../store/outline'
import { QuickPick, type QuickPickItem } from '../palette/QuickPick'

const AUTO = '\u0000auto'

/** The active tab's file when a Julia file is active, else null. */
function useActiveJuliaFile(): string | null {
  const path = useEditors((s) => {
    const id = activeTab(s.groups)
    return id !== null && isFileTab(id) ? id : null
  })
  const julia = useEditors((s) => s.active?.language === 'julia')
  return julia ? path : null
}

/** Opens the module picker for the active Julia file (the palette command). */
export function openModulePicker(path: string | null): void {
  if (path) useJulia.setState({ modulePicker: path })
}

export function ModuleStatusItem() {
  const path = useActiveJuliaFile()
  const line = useEditors((s) => s.active?.line ?? 1)
  const outline = useOutline((s) => (path ? s.files[path]?.outline : undefined))
  const pinned = useJulia((s) => (path ? s.modulePins[path] : undefined))
  const unloaded = useJulia((s) => s.unloadedModules)
  if (!path) return null
  // As run-code.ts moduleForRange decides it, from the subscribed state.
  const module = pinned ?? moduleAt(outline ?? [], { startLine: line, endLine: line })
  const notLoaded = unloaded.includes(module)
  const short = shortModule(module)
  const why = pinned ? 'chosen for this file' : module === MAIN ? 'no module around the cursor' : 'the module around the cursor'
  const title = [
    `Julia module for code run from here: ${module} (${why})`,
    notLoaded ? `${short} is not loaded in the REPL: code runs in Main until its module block is run.` : '',
    'Click to choose a module (Julia: Select Module)',
  ]
    .filter(Boolean)
    .join('\n')
  return (
    <>
      <button
        type="button"
        className="kiln-status-item clickable"
        data-testid="status-item"
        data-id="julia-module"
        data-module={module}
        data-loaded={notLoaded ? 'no' : 'unknown'}
        title={title}
        onClick={() => openModulePicker(path)}
      >
        <span>{notLoaded ? `(${short})` : short}</span>
      </button>
      <ModulePicker />
    </>
  )
}

export function ModulePicker() {
  const path = useJulia((s) => s.modulePicker)
  return path ? <Picker path={path} onClose={() => useJulia.setState({ modulePicker: null })} /> : null
}

function Picker({ path, onClose }: { path: string; onClose(): void }) {
  const outline = useOutline((s) => s.files[path]?.outline)
  const pinned = useJulia((s) => s.modulePins[path])
  const [query, setQuery] = useState('')
  const items = useMemo<QuickPickItem[]>(() => {
    const q = query.trim().toLowerCase()
    const list: QuickPickItem[] = [
      { key: AUTO, label: 'Choose automatically', description: `the module around the cursor${pinned ? '' : ' · current'}` },
      ...[MAIN, ...modulesOf(outline ?? [])].map((m) => ({ key: m, label: shortModule(m), description: `${m}${m === pinned ? ' · current' : ''}` })),
    ]
    return list.filter((i) => !q || i.label.toLowerCase().includes(q) || (i.description ?? '').toLowerCase().includes(q))
  }, [outline, pinned, query])
  return (
    <QuickPick
      testId="julia-module-picker"
      placeholder="Julia module for code run from this file"
      ariaLabel="Julia module"
      value={query}
      onValueChange={setQuery}
      items={items}
      emptyText="No module matches."
      onClose={onClose}
      onAccept={(item) => {
        onClose()
        useJulia.setState((s) => {
          const modulePins = { ...s.modulePins }
          if (item.key === AUTO) delete modulePins[path]
          else modulePins[path] = item.key
          return { modulePins }
        })
      }}
    />
  )
}
