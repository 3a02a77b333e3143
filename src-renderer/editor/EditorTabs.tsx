// A group's tab strip: file name (with its folder when two tabs share a name), dirty dot that turns
// into a close button on hover, middle click closes; actions on the right (split).
import { useEffect, useRef } from 'react'
import { FileTypeIcon } from '../panels/explorer/FileTypeIcon'
import { useEditors } from '../store/editors'
import { CloseIcon, GearIcon, SplitIcon } from '../workbench/icons'
import { CMD, KEYS } from '../workbench/keybindings'
import { basename, dirname } from '../workbench/paths'
import { runCommand } from '../commands'
import { closeEditorTab } from './buffers'
import { activateTab, isFileTab, SETTINGS_TAB, type Group } from './groups'

function labels(tabs: string[]): Map<string, { name: string; hint: string }> {
  const counts = new Map<string, number>()
  for (const t of tabs) counts.set(basename(t), (counts.get(basename(t)) ?? 0) + 1)
  return new Map(
    tabs.map((t) => {
      if (t === SETTINGS_TAB) return [t, { name: 'Settings', hint: '' }]
      const name = basename(t)
      return [t, { name, hint: (counts.get(name) ?? 0) > 1 ? dirname(t) || './' : '' }]
    }),
  )
}

export function EditorTabs({ group, index, isActiveGroup }: { group: Group; index: number; isActiveGroup: boolean }) {
  const buffers = useEditors((s) => s.buffers)
  const setGroups = useEditors((s) => s.setGroups)
  const strip = useRef<HTMLDivElement>(null)
  const names = labels(group.tabs)

  useEffect(() => {
    strip.current?.querySelector('[data-active="true"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  }, [group.active])

  return (
    <div className="kiln-tabs" role="tablist">
      <div className="kiln-tabs-scroll" ref={strip}>
        {group.tabs.map((id) => {
          const b = isFileTab(id) ? buffers[id] : undefined
          const dirty = b?.dirty === true
          const active = group.active === id
          const label = names.get(id)!
          return (
            <div
              key={id}
              role="tab"
              aria-selected={active}
              className={`kiln-tab${active ? ' active' : ''}${active && isActiveGroup ? ' focused' : ''}${dirty ? ' dirty' : ''}${b?.conflict === 'deleted' ? ' deleted' : ''}`}
              data-testid="editor-tab"
              data-path={id}
              data-dirty={dirty ? 'true' : 'false'}
              data-active={active ? 'true' : 'false'}
              title={isFileTab(id) ? id + (b?.conflict === 'deleted' ? ' (deleted from disk)' : '') : 'Settings'}
              onMouseDown={(e) => {
                if (e.button === 1) e.preventDefault()
                else if (e.button === 0) setGroups((g) => activateTab(g, index, id))
              }}
              onAuxClick={(e) => {
                if (e.button === 1) void closeEditorTab(group.id, id)
              }}
            >
              {isFileTab(id) ? <FileTypeIcon path={id} /> : <GearIcon size={14} />}
              <span className="kiln-tab-label">{label.name}</span>
              {label.hint && <span className="kiln-tab-hint">{label.hint}</span>}
              <button
                type="button"
                className="kiln-tab-close"
                data-testid="editor-tab-close"
                aria-label={`Close ${label.name}`}
                title={`Close (${KEYS.closeEditor})`}
                onMouseDown={(e) => e.stopPropagation()}
                onClick={(e) => {
                  e.stopPropagation()
                  void closeEditorTab(group.id, id)
                }}
              >
                <span className="kiln-tab-dot" aria-hidden="true">●</span>
                <CloseIcon size={14} className="kiln-tab-x" />
              </button>
            </div>
          )
        })}
      </div>
      <div className="kiln-tabs-actions">
        <button
          type="button"
          className="kiln-icon-button"
          title={`Split Editor (${KEYS.splitEditor})`}
          aria-label="Split editor"
          onClick={() => {
            setGroups((g) => ({ ...g, activeGroup: index }))
            void runCommand(CMD.splitEditor)
          }}
        >
          <SplitIcon />
        </button>
      </div>
    </div>
  )
}
