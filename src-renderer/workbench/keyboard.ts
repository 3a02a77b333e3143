// One capture-phase keydown listener for the whole window: a key bound to a workbench command runs
// it and goes no further (so Monaco does not also act on it); any other key is left alone.
import { runCommand } from '../commands'
import { isDialogOpen } from '../store/dialog'
import { commandForKeyEvent, isReservedKey } from './keybindings'

export function installKeyboard(): () => void {
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.isComposing) return
    const command = commandForKeyEvent(e, { modalOpen: isDialogOpen() })
    if (!command) {
      if (isReservedKey(e)) e.preventDefault()
      return
    }
    e.preventDefault()
    e.stopPropagation()
    void runCommand(command.id)
  }
  window.addEventListener('keydown', onKeyDown, true)
  return () => window.removeEventListener('keydown', onKeyDown, true)
}
