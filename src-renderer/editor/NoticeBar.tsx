// The bar above an editor that says why it is not an ordinary editable file: changed on disk while
// unsaved (Overwrite / Reload from Disk / Compare), deleted on disk, read-only large file.
import { useState } from 'react'
import { useEditors } from '../store/editors'
import { WarningIcon, InfoIcon } from '../workbench/icons'
import { closeEditorTab, confirmReload, saveFile } from './buffers'
import { CompareView } from './CompareView'

export function NoticeBar({ path, groupId }: { path: string; groupId: number }) {
  const b = useEditors((s) => s.buffers[path])
  const [comparing, setComparing] = useState(false)
  if (!b || b.status !== 'ready') return null
  if (b.conflict === 'changed') {
    return (
      <>
        <div className="kiln-notice warning" data-testid="editor-notice" data-kind="conflict" role="alert">
          <WarningIcon size={16} />
          <span className="kiln-notice-text">
            {b.dirty ? 'The file changed on disk and you have unsaved changes.' : 'The file changed on disk.'} Which version do you want to keep?
          </span>
          <button type="button" className="kiln-button primary small" data-action="overwrite" onClick={() => void saveFile(path, { overwrite: true })}>
            Overwrite
          </button>
          <button type="button" className="kiln-button secondary small" data-action="reload" onClick={() => void confirmReload(path)}>
            Reload from Disk
          </button>
          <button type="button" className="kiln-button secondary small" data-action="compare" onClick={() => setComparing((c) => !c)}>
            {comparing ? 'Hide Comparison' : 'Compare'}
          </button>
        </div>
        {comparing && <CompareView path={path} onClose={() => setComparing(false)} />}
      </>
    )
  }
  if (b.conflict === 'deleted') {
    return (
      <div className="kiln-notice warning" data-testid="editor-notice" data-kind="deleted" role="alert">
        <WarningIcon size={16} />
        <span className="kiln-notice-text">The file was deleted on disk. Save to recreate it, or close it.</span>
        <button type="button" className="kiln-button primary small" data-action="save" onClick={() => void saveFile(path)}>
          Save
        </button>
        <button type="button" className="kiln-button secondary small" data-action="close" onClick={() => void closeEditorTab(groupId, path)}>
          Close
        </button>
      </div>
    )
  }
  if (b.readOnly === 'large') {
    return (
      <div className="kiln-notice info" data-testid="editor-notice" data-kind="large">
        <InfoIcon size={16} />
        <span className="kiln-notice-text">This file is over 20 MB: it is open read-only, with highlighting and other features reduced.</span>
      </div>
    )
  }
  return null
}
