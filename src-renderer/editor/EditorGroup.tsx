// One editor group: its tab strip over the active tab's content (Monaco, the settings view, or a
// notice for what cannot be shown).
import { SettingsView } from '../panels/settings/SettingsView'
import { useEditors } from '../store/editors'
import { InfoIcon } from '../workbench/icons'
import { EditorTabs } from './EditorTabs'
import { focusGroup, isFileTab, SETTINGS_TAB, type Group } from './groups'
import { MonacoPane } from './MonacoPane'
import { NoticeBar } from './NoticeBar'
import { Watermark } from './Watermark'

export function EditorGroup({ group, index, flex }: { group: Group; index: number; flex: string }) {
  const isActiveGroup = useEditors((s) => s.groups.activeGroup === index)
  const setGroups = useEditors((s) => s.setGroups)
  const active = group.active
  const file = active !== null && isFileTab(active) ? active : null
  const b = useEditors((s) => (file ? s.buffers[file] : undefined))
  const showMonaco = !!file && b?.status === 'ready' && b.readOnly !== 'binary'

  return (
    <div
      className={`kiln-group${isActiveGroup ? ' active' : ''}`}
      data-testid="editor-group"
      data-group={index}
      style={{ flex }}
      onMouseDownCapture={() => setGroups((g) => focusGroup(g, index))}
    >
      {group.tabs.length > 0 && <EditorTabs group={group} index={index} isActiveGroup={isActiveGroup} />}
      <div className="kiln-group-body">
        {file && <NoticeBar path={file} groupId={group.id} />}
        <div className="kiln-group-content">
          <MonacoPane groupId={group.id} path={file} visible={showMonaco} />
          {active === SETTINGS_TAB && <SettingsView />}
          {file && b?.status === 'ready' && b.readOnly === 'binary' && (
            <div className="kiln-editor-message" data-testid="editor-notice" data-kind="binary">
              <InfoIcon size={20} />
              <p>This file is binary and is not shown in the editor.</p>
            </div>
          )}
          {file && b?.status === 'loading' && <div className="kiln-editor-loading" aria-busy="true" />}
          {active === null && <Watermark />}
        </div>
      </div>
    </div>
  )
}
