// The quick picks behind the palette commands: "Juliac: Build…" (choose a configuration),
// "Juliac: New Julia App…" (type a name), "Juliac: Package…" (choose a build, then a version).
import { useMemo, useState } from 'react'
import { QuickPick, type QuickPickItem } from '../palette/QuickPick'
import { formatWhen } from './builds-format'
import { historyOf, latestOf, newProject, packageBuild, showBuild, startBuild, useBuilds } from './builds-store'
import { VERSION_RE } from './ShipSection'

const NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/

function BuildPicker({ onClose }: { onClose(): void }) {
  const configs = useBuilds((s) => s.configs)
  const records = useBuilds((s) => s.records)
  const [query, setQuery] = useState('')
  const items = useMemo<QuickPickItem[]>(() => {
    const q = query.trim().toLowerCase()
    return (configs?.configs ?? [])
      .filter((c) => !q || c.name.toLowerCase().includes(q) || c.entry.toLowerCase().includes(q))
      .flatMap((c) => {
        const last = latestOf(records, c.name)
        const desc = `${c.entry} · trim=${c.trim}${last ? ` · last: ${last.state} ${formatWhen(last.startedAt)}` : ''}`
        return [
          { key: `b:${c.name}`, label: c.name, description: desc },
          { key: `f:${c.name}`, label: `${c.name} (force rebuild)`, description: 'build even if nothing changed' },
        ]
      })
  }, [configs, records, query])
  return (
    <QuickPick
      testId="builds-build-picker"
      placeholder="Build which configuration?"
      ariaLabel="Build configuration"
      value={query}
      onValueChange={setQuery}
      items={items}
      emptyText={configs ? 'No configuration: add one in the Builds view, or create a New Julia App.' : 'Reading configurations…'}
      onClose={onClose}
      onAccept={(item) => {
        onClose()
        void startBuild(item.key.slice(2), { force: item.key.startsWith('f:') })
      }}
    />
  )
}

function NewAppPicker({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('')
  const t = name.trim()
  const ok = NAME_RE.test(t)
  const items: QuickPickItem[] = ok ? [{ key: t, label: `Create ${t}/`, description: `Project.toml, src/${t}.jl with (@main)(ARGS), test/, a build configuration` }] : []
  return (
    <QuickPick
      testId="builds-new-app-picker"
      placeholder="Name of the new Julia app (e.g. HelloApp)"
      ariaLabel="New app name"
      value={name}
      onValueChange={setName}
      items={items}
      emptyText={t === '' ? 'Type a name: letters, digits, _ . - (a folder of that name is created here).' : 'Not a bare name (no path, no spaces): start with a letter; then letters, digits, _ . -'}
      onClose={onClose}
      onAccept={(item) => {
        onClose()
        void newProject(item.key)
      }}
    />
  )
}

function PackagePicker({ onClose }: { onClose(): void }) {
  const records = useBuilds((s) => s.records)
  const [buildId, setBuildId] = useState<string | null>(null)
  const [text, setText] = useState('')
  const choices = useMemo(() => {
    const seen = new Set<string>()
    return historyOf(records).filter((r) => r.state === 'succeeded' && !seen.has(r.config) && seen.add(r.config))
  }, [records])
  if (buildId === null) {
    const q = text.trim().toLowerCase()
    return (
      <QuickPick
        testId="builds-package-picker"
        placeholder="Package which build?"
        ariaLabel="Build to package"
        value={text}
        onValueChange={setText}
        items={choices.filter((r) => !q || r.config.toLowerCase().includes(q)).map((r) => ({ key: r.id, label: r.config, description: `built ${formatWhen(r.startedAt)}${r.outputDir ? ` · ${r.outputDir}` : ''}` }))}
        emptyText="No successful build to package yet."
        onClose={onClose}
        onAccept={(item) => {
          setBuildId(item.key)
          setText('0.1.0')
        }}
      />
    )
  }
  const v = text.trim()
  return (
    <QuickPick
      testId="builds-package-picker"
      placeholder="Version (e.g. 1.0.0)"
      ariaLabel="Version"
      value={text}
      onValueChange={setText}
      items={VERSION_RE.test(v) ? [{ key: v, label: `Package version ${v}`, description: 'NAME-VERSION-PLATFORM.tar.gz with deploy.sh, SHA256SUMS, manifest.json' }] : []}
      emptyText="A version is letters, digits and . + -"
      onClose={onClose}
      onAccept={(item) => {
        onClose()
        const id = buildId
        void packageBuild(id, item.key).then((r) => r && showBuild(id, 'artifacts'))
      }}
    />
  )
}

export function BuildPickers() {
  const picker = useBuilds((s) => s.picker)
  const close = (): void => useBuilds.setState({ picker: null })
  if (picker === 'build') return <BuildPicker onClose={close} />
  if (picker === 'newApp') return <NewAppPicker onClose={close} />
  if (picker === 'package') return <PackagePicker onClose={close} />
  return null
}
