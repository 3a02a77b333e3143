// The Models commands in the palette. Ctrl+Alt+M shows the view (free in the workbench and Monaco).
import { registerCommand, type Command } from '../../commands'
import { MODELS_KEYS } from '../../workbench/keybindings'
import { isServerUp, loadLibrary, restartServer, showModels, startServer, stopServer, useModels } from './models-store'

const up = (): boolean => isServerUp(useModels.getState().status)

export function registerModelsCommands(): () => void {
  const commands: Command[] = [
    { id: 'models.show', title: 'Models: Show', keybinding: MODELS_KEYS.show, run: showModels },
    {
      id: 'models.start',
      title: 'Models: Start Server',
      when: () => !up(),
      run: async () => {
        // Shown first: the view is where the progress and any refusal appear.
        showModels()
        if (!useModels.getState().library) await loadLibrary(false)
        await startServer()
      },
    },
    { id: 'models.stop', title: 'Models: Stop Server', when: up, run: async () => void ((await stopServer()) || showModels()) },
    {
      id: 'models.restart',
      title: 'Models: Restart Server',
      when: up,
      run: async () => {
        showModels()
        await restartServer()
      },
    },
    {
      id: 'models.rescan',
      title: 'Models: Rescan Models',
      run: async () => {
        showModels()
        await loadLibrary(true)
      },
    },
  ]
  const off = commands.map(registerCommand)
  return () => off.forEach((f) => f())
}
