// The command registry: every user-facing action is a command with an id, a title and an optional
// keybinding. The command palette lists them; the workbench's one keydown listener dispatches them.

export interface Command {
  id: string
  title: string
  /** Display form and match key, e.g. 'Ctrl+Shift+P'. 'Ctrl' means Cmd on macOS. */
  keybinding?: string
  /** Whether the command applies now (e.g. needs an open folder); hidden from the palette when false. */
  when?: () => boolean
  run: () => void | Promise<void>
}

const commands = new Map<string, Command>()
const listeners = new Set<() => void>()
let snapshot: Command[] = []

const changed = (): void => {
  snapshot = [...commands.values()].sort((a, b) => a.title.localeCompare(b.title))
  for (const l of listeners) l()
}

/** Registers a command; returns the function that unregisters it. A later id replaces an earlier one. */
export function registerCommand(command: Command): () => void {
  commands.set(command.id, command)
  changed()
  return () => {
    if (commands.get(command.id) === command) {
      commands.delete(command.id)
      changed()
    }
  }
}

export const getCommands = (): Command[] => snapshot
export const subscribeCommands = (listener: () => void): (() => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function runCommand(id: string): Promise<boolean> {
  const command = commands.get(id)
  if (!command || (command.when && !command.when())) return false
  await command.run()
  return true
}

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)

/** Normalises a keyboard event to the registry's form: 'Ctrl+Shift+P', 'Ctrl+`', 'F1'. */
export function keyOf(e: KeyboardEvent): string {
  const parts: string[] = []
  if (isMac ? e.metaKey : e.ctrlKey) parts.push('Ctrl')
  if (e.altKey) parts.push('Alt')
  if (e.shiftKey) parts.push('Shift')
  let key = e.key
  if (key.length === 1) key = key.toUpperCase()
  if (e.code === 'Backquote') key = '`'
  if (e.code === 'Comma') key = ','
  if (['Control', 'Shift', 'Alt', 'Meta'].includes(key)) return ''
  parts.push(key)
  return parts.join('+')
}

/** The command bound to this key combination, if any and if it applies now. */
export function commandForKey(e: KeyboardEvent): Command | undefined {
  const key = keyOf(e)
  if (!key) return undefined
  for (const c of commands.values()) if (c.keybinding === key && (!c.when || c.when())) return c
  return undefined
}
