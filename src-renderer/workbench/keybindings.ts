// The workbench's keybindings (one table, VS Code's defaults) and the rule that turns a keydown
// into a command. The registry (commands.ts) stores one display keybinding per command; extra keys
// for the same command (F1 for the palette) live in KEY_ALIASES.
import { getCommands, keyOf, type Command } from '../commands'

export const KEYS = {
  showCommands: 'Ctrl+Shift+P',
  quickOpen: 'Ctrl+P',
  findInFiles: 'Ctrl+Shift+F',
  openSettings: 'Ctrl+,',
  openFolder: 'Ctrl+O',
  newFile: 'Ctrl+N',
  save: 'Ctrl+S',
  saveAll: 'Ctrl+Alt+S',
  closeEditor: 'Ctrl+W',
  splitEditor: 'Ctrl+\\',
  toggleSidebar: 'Ctrl+B',
  togglePanel: 'Ctrl+`',
  showExplorer: 'Ctrl+Shift+E',
  goToSymbol: 'Ctrl+Shift+O',
  showAllSymbols: 'Ctrl+T',
  nextEditor: 'Ctrl+PageDown',
  previousEditor: 'Ctrl+PageUp',
} as const

export const CMD = {
  showCommands: 'workbench.action.showCommands',
  quickOpen: 'workbench.action.quickOpen',
  findInFiles: 'workbench.action.findInFiles',
  openSettings: 'workbench.action.openSettings',
  openFolder: 'workbench.action.files.openFolder',
  closeFolder: 'workbench.action.closeFolder',
  newFile: 'explorer.newFile',
  newFolder: 'explorer.newFolder',
  save: 'workbench.action.files.save',
  saveAll: 'workbench.action.files.saveAll',
  revert: 'workbench.action.files.revert',
  closeEditor: 'workbench.action.closeActiveEditor',
  splitEditor: 'workbench.action.splitEditor',
  toggleSidebar: 'workbench.action.toggleSidebarVisibility',
  togglePanel: 'workbench.action.togglePanel',
  showExplorer: 'workbench.view.explorer',
  showOutline: 'workbench.view.outline',
  goToSymbol: 'editor.action.quickOutline',
  showAllSymbols: 'workbench.action.showAllSymbols',
  toggleTheme: 'workbench.action.toggleTheme',
  refreshExplorer: 'workbench.files.action.refreshFilesExplorer',
  revealInExplorer: 'workbench.files.action.showActiveFileInExplorer',
  nextEditor: 'workbench.action.nextEditor',
  previousEditor: 'workbench.action.previousEditor',
} as const

/**
 * Julia's keys, VS Code Julia's defaults (julia-vscode package.json and its keyboard guide):
 * chords are two keys with a space between ('Alt+J Alt+O'). Run File has no default there.
 */
export const JULIA_KEYS = {
  startRepl: 'Alt+J Alt+O',
  stopRepl: 'Alt+J Alt+K',
  changeEnvironment: 'Alt+J Alt+E',
  runCell: 'Shift+Enter',
  runBlock: 'Alt+Enter',
  runLine: 'Ctrl+Enter',
  runFile: 'Ctrl+Shift+Enter',
  clearResults: 'Alt+I Alt+C',
  clearResult: 'Alt+I Alt+D',
} as const

/** Juliac builds: Ctrl+Shift+B is VS Code's "Run Build Task". */
export const BUILD_KEYS = {
  build: 'Ctrl+Shift+B',
} as const

/** The Models view (local inference): free in the workbench and in Monaco's defaults. */
export const MODELS_KEYS = {
  show: 'Ctrl+Alt+M',
} as const

/** The Chat view: VS Code's key for its chat view (free in the workbench, Monaco and Chromium). */
export const CHAT_KEYS = {
  show: 'Ctrl+Alt+I',
} as const

/** Second keys for a command; the palette shows the registry's keybinding. */
export const KEY_ALIASES: Readonly<Record<string, string>> = { F1: CMD.showCommands }

/**
 * Keys whose browser default (save page, print, open file, new private window) must never happen
 * in Kiln, even when their command does not apply right now (Ctrl+S with the settings tab active).
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([KEYS.save, KEYS.saveAll, KEYS.quickOpen, KEYS.openFolder, KEYS.showCommands])

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>

/**
 * The command a keydown should run, or undefined to let it through (to Monaco, an input, the page).
 * While a modal dialog is up, it owns the keyboard.
 */
export const isReservedKey = (e: KeyEventLike): boolean => RESERVED_KEYS.has(keyOf(e as KeyboardEvent))

/** How long the first key of a chord waits for the second. */
export const CHORD_MS = 3000
/** Returned for a chord's first key (and for an unbound second key): swallowed, runs nothing. */
export const CHORD_PENDING: Command = { id: 'workbench.chord.pending', title: 'Waiting for the second key of a chord', run: () => {} }
let chordPrefix: { key: string; at: number } | null = null

export function commandForKeyEvent(
  e: KeyEventLike,
  ctx: { modalOpen: boolean },
  commands: Command[] = getCommands(),
  now: number = Date.now(),
): Command | undefined {
  if (ctx.modalOpen) return undefined
  const key = keyOf(e as KeyboardEvent)
  if (!key) return undefined
  const applies = (c: Command): boolean => !c.when || c.when()
  const prefix = chordPrefix
  chordPrefix = null
  if (prefix && now - prefix.at <= CHORD_MS) {
    // As in VS Code, a chord's second key never falls through to the editor or the shell.
    const chord = `${prefix.key} ${key}`
    return commands.find((c) => c.keybinding === chord && applies(c)) ?? CHORD_PENDING
  }
  if (commands.some((c) => c.keybinding?.startsWith(`${key} `) && applies(c))) {
    chordPrefix = { key, at: now }
    return CHORD_PENDING
  }
  const bound = commands.find((c) => c.keybinding === key && applies(c))
  if (bound) return bound
  const alias = KEY_ALIASES[key]
  return alias ? commands.find((c) => c.id === alias && applies(c)) : undefined
}
