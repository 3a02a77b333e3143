// The explorer's title-bar buttons: new file, new folder, refresh, collapse.
import { CollapseIcon, NewFileIcon, NewFolderIcon, RefreshIcon } from '../../workbench/icons'
import { KEYS } from '../../workbench/keybindings'
import { collapseAll, refreshAll, startNew } from './explorer-actions'

export function ExplorerActions() {
  return (
    <div className="kiln-sidebar-actions">
      <button type="button" className="kiln-icon-button" data-testid="explorer-new-file" title={`New File… (${KEYS.newFile})`} aria-label="New file" onClick={() => void startNew('file')}>
        <NewFileIcon />
      </button>
      <button type="button" className="kiln-icon-button" data-testid="explorer-new-folder" title="New Folder…" aria-label="New folder" onClick={() => void startNew('dir')}>
        <NewFolderIcon />
      </button>
      <button type="button" className="kiln-icon-button" data-testid="explorer-refresh" title="Refresh Explorer" aria-label="Refresh explorer" onClick={refreshAll}>
        <RefreshIcon />
      </button>
      <button type="button" className="kiln-icon-button" data-testid="explorer-collapse" title="Collapse Folders" aria-label="Collapse folders" onClick={collapseAll}>
        <CollapseIcon />
      </button>
    </div>
  )
}
