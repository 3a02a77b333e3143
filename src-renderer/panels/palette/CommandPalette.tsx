// Ctrl+Shift+P: every command that applies now, fuzzy filtered, with its keybinding.
import { useMemo, useState, useSyncExternalStore } from 'react'
import { getCommands, runCommand, subscribeCommands } from '../../commands'
import { useNotifications } from '../../store/notifications'
import { QuickPick, type QuickPickItem } from './QuickPick'
import { filterCommands, noteCommandUsed } from './paletteModel'

export function CommandPalette(props: { onClose(): void }) {
  const { onClose } = props
  const commands = useSyncExternalStore(subscribeCommands, getCommands)
  const [query, setQuery] = useState('')
  const [error, setError] = useState<string | null>(null)

  const items = useMemo<QuickPickItem[]>(() => {
    const entries = filterCommands(commands, query)
    const firstOther = entries.findIndex((e) => !e.recent)
    return entries.map((e, i) => ({
      key: e.id,
      label: e.title,
      labelPositions: e.positions,
      keybinding: e.keybinding,
      separator:
        query.trim() === '' && i === 0 && e.recent
          ? 'recently used'
          : query.trim() === '' && i === firstOther && i > 0
            ? 'other commands'
            : undefined,
    }))
  }, [commands, query])

  const accept = (item: QuickPickItem): void => {
    noteCommandUsed(item.key)
    // Close first so the command acts on the workbench, not on the palette (focus, overlays).
    onClose()
    runCommand(item.key).catch((e: unknown) => {
      // The palette is closed by now, so a failure the command did not report itself becomes a toast.
      const message = e instanceof Error ? e.message : String(e)
      useNotifications.getState().push('error', `${item.label}: ${message}`)
      setError(message)
    })
  }

  return (
    <QuickPick
      testId="command-palette"
      ariaLabel="Command palette"
      placeholder="Type the name of a command to run"
      value={query}
      onValueChange={(v) => {
        setQuery(v)
        setError(null)
      }}
      items={items}
      onAccept={accept}
      onClose={onClose}
      emptyText="No matching commands"
      message={error ?? undefined}
      messageKind="error"
    />
  )
}
