// "Julia: Change Current Environment" (Alt+J Alt+E, or the status bar's environment): a quick
// pick of the workspace's Project.toml folders and the shared `@v1.x` environments.
import { useEffect, useMemo, useState } from 'react'
import { QuickPick, type QuickPickItem } from '../palette/QuickPick'
import { useJulia } from '../../store/julia'
import { chooseEnvironment, refreshEnvironment } from './julia-client'

export function EnvironmentPicker() {
  const open = useJulia((s) => s.envPickerOpen)
  return open ? <Picker onClose={() => useJulia.setState({ envPickerOpen: false })} /> : null
}

function Picker({ onClose }: { onClose(): void }) {
  const envs = useJulia((s) => s.environments)
  const [query, setQuery] = useState('')
  useEffect(() => void refreshEnvironment(), [])
  const items = useMemo<QuickPickItem[]>(() => {
    const q = query.trim().toLowerCase()
    const list = (envs?.environments ?? []).filter((e) => !q || e.label.toLowerCase().includes(q) || e.key.toLowerCase().includes(q))
    return list.map((e, i) => ({
      key: e.key === '' ? '.' : e.key,
      label: e.label,
      description: `${e.kind === 'workspace' ? `workspace: ${e.key === '' ? './Project.toml' : `${e.key}/Project.toml`}` : 'shared environment'}${e.key === envs?.active ? ' · active' : ''}`,
      separator: i === 0 ? undefined : e.kind !== list[i - 1]!.kind ? 'shared environments' : undefined,
    }))
  }, [envs, query])
  return (
    <QuickPick
      testId="julia-env-picker"
      placeholder="Choose the Julia environment for this workspace"
      ariaLabel="Julia environment"
      value={query}
      onValueChange={setQuery}
      items={items}
      emptyText={envs ? 'No environment matches.' : 'Reading environments…'}
      onClose={onClose}
      onAccept={(item) => {
        onClose()
        void chooseEnvironment(item.key === '.' ? '' : item.key)
      }}
    />
  )
}
