// The workbench's commands: registered once at start; the palette lists them with their keys.
import { registerCommand, type Command } from '../commands'
import { closeEditorTab, confirmReload, openFile, saveAll, saveFile } from '../editor/buffers'
import { activeCodeEditor } from '../editor/editor-registry'
import { activeTab, cycleTab, isFileTab, openTab, splitActive, SETTINGS_TAB } from '../editor/groups'
import { collapseAll, refreshAll, revealPath, startNew } from '../panels/explorer/explorer-actions'
import { useEditors } from '../store/editors'
import { useLayout } from '../store/layout'
import { hasWorkspace } from '../store/workspace'
import { useUi } from '../store/ui'
import { CMD, KEYS } from './keybindings'
import { toggleTheme } from './theme'
import { closeFolder } from './workspace-actions'

const activeFile = (): string | null => {
  const id = activeTab(useEditors.getState().groups)
  return id !== null && isFileTab(id) ? id : null
}
const hasActiveFile = (): boolean => activeFile() !== null
const hasTabs = (): boolean => activeTab(useEditors.getState().groups) !== null

export function openSettingsTab(): void {
  useEditors.getState().setGroups((g) => openTab(g, SETTINGS_TAB))
}

export function focusSearch(): void {
  useLayout.getState().showView('search')
  useUi.setState((s) => ({ searchFocus: s.searchFocus + 1 }))
}

/** Runs a Monaco action on the active editor, focusing it first (quick outline needs focus). */
function runEditorAction(id: string): void {
  const ed = activeCodeEditor()
  if (!ed) return
  ed.focus()
  void ed.getAction(id)?.run()
}

export function registerWorkbenchCommands(): void {
  const commands: Command[] = [
    { id: CMD.showCommands, title: 'Show All Commands', keybinding: KEYS.showCommands, run: () => useUi.getState().setOverlay('palette') },
    { id: CMD.quickOpen, title: 'Go to File…', keybinding: KEYS.quickOpen, when: hasWorkspace, run: () => useUi.getState().setOverlay('quickOpen') },
    { id: CMD.findInFiles, title: 'Find in Files', keybinding: KEYS.findInFiles, when: hasWorkspace, run: focusSearch },
    { id: CMD.openSettings, title: 'Open Settings', keybinding: KEYS.openSettings, run: openSettingsTab },
    { id: CMD.openFolder, title: 'Open Folder…', keybinding: KEYS.openFolder, run: () => useUi.getState().setOverlay('openFolder') },
    { id: CMD.closeFolder, title: 'Close Folder', when: hasWorkspace, run: closeFolder },
    { id: CMD.newFile, title: 'New File…', keybinding: KEYS.newFile, when: hasWorkspace, run: () => startNew('file') },
    { id: CMD.newFolder, title: 'New Folder…', when: hasWorkspace, run: () => startNew('dir') },
    {
      id: CMD.save,
      title: 'Save',
      keybinding: KEYS.save,
      when: hasActiveFile,
      run: async () => {
        const f = activeFile()
        if (f) await saveFile(f)
      },
    },
    { id: CMD.saveAll, title: 'Save All', keybinding: KEYS.saveAll, when: hasWorkspace, run: async () => void (await saveAll()) },
    {
      id: CMD.revert,
      title: 'Revert File',
      when: hasActiveFile,
      run: async () => {
        const f = activeFile()
        if (f) await confirmReload(f)
      },
    },
    {
      id: CMD.closeEditor,
      title: 'Close Editor',
      keybinding: KEYS.closeEditor,
      when: hasTabs,
      run: async () => {
        const { groups } = useEditors.getState()
        const g = groups.groups[groups.activeGroup]
        if (g?.active) await closeEditorTab(g.id, g.active)
      },
    },
    {
      id: CMD.splitEditor,
      title: 'Split Editor',
      keybinding: KEYS.splitEditor,
      when: hasTabs,
      run: () => {
        useEditors.getState().setGroups(splitActive)
        const f = activeFile()
        if (f) void openFile(f) // focuses the new group's editor
      },
    },
    { id: CMD.nextEditor, title: 'Open Next Editor', keybinding: KEYS.nextEditor, when: hasTabs, run: () => useEditors.getState().setGroups((g) => cycleTab(g, 1)) },
    { id: CMD.previousEditor, title: 'Open Previous Editor', keybinding: KEYS.previousEditor, when: hasTabs, run: () => useEditors.getState().setGroups((g) => cycleTab(g, -1)) },
    {
      id: CMD.toggleSidebar,
      title: 'Toggle Side Bar Visibility',
      keybinding: KEYS.toggleSidebar,
      run: () => useLayout.getState().set({ sidebarVisible: !useLayout.getState().sidebarVisible }),
    },
    {
      id: CMD.togglePanel,
      title: 'Toggle Panel',
      keybinding: KEYS.togglePanel,
      run: () => useLayout.getState().set({ panelVisible: !useLayout.getState().panelVisible }),
    },
    { id: CMD.showExplorer, title: 'Show Explorer', keybinding: KEYS.showExplorer, run: () => useLayout.getState().showView('explorer') },
    { id: CMD.showOutline, title: 'Show Outline', run: () => useLayout.getState().showView('outline') },
    { id: CMD.goToSymbol, title: 'Go to Symbol in Editor…', keybinding: KEYS.goToSymbol, when: hasActiveFile, run: () => runEditorAction('editor.action.quickOutline') },
    { id: CMD.toggleTheme, title: 'Toggle Light/Dark Theme', run: toggleTheme },
    { id: CMD.refreshExplorer, title: 'Refresh Explorer', when: hasWorkspace, run: refreshAll },
    { id: 'workbench.files.action.collapseExplorerFolders', title: 'Collapse Folders in Explorer', when: hasWorkspace, run: collapseAll },
    {
      id: CMD.revealInExplorer,
      title: 'Reveal Active File in Explorer',
      when: hasActiveFile,
      run: async () => {
        const f = activeFile()
        useLayout.getState().showView('explorer')
        if (f) await revealPath(f)
      },
    },
  ]
  for (const c of commands) registerCommand(c)
}
