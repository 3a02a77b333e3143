// The root: the workbench, and what floats above it (palette, quick open, folder picker, the modal
// dialog, notifications).
import { useEffect } from 'react'
import { openFile } from './editor/buffers'
import { registerEditFeatures } from './panels/edit/edit-features'
import { CommandPalette } from './panels/palette/CommandPalette'
import { QuickOpen } from './panels/quickopen/QuickOpen'
import { OpenFolderDialog } from './panels/welcome/OpenFolderDialog'
import { Toasts } from './notifications/Toasts'
import { useUi } from './store/ui'
import { DialogHost } from './workbench/DialogHost'
import { startWorkbench } from './workbench/startup'
import { Workbench } from './workbench/Workbench'
import { openFolder } from './workbench/workspace-actions'

export function App() {
  const overlay = useUi((s) => s.overlay)
  const close = (): void => useUi.getState().setOverlay(null)

  useEffect(() => registerEditFeatures(), [])
  useEffect(() => {
    void startWorkbench()
  }, [])

  return (
    <>
      <Workbench />
      {overlay === 'palette' && <CommandPalette onClose={close} />}
      {overlay === 'quickOpen' && (
        <QuickOpen
          onClose={close}
          onOpen={(path, line) => {
            close()
            void openFile(path, { line })
          }}
        />
      )}
      {overlay === 'openFolder' && (
        <OpenFolderDialog
          onCancel={close}
          onOpen={(path) => {
            close()
            void openFolder(path)
          }}
        />
      )}
      <DialogHost />
      <Toasts />
    </>
  )
}
