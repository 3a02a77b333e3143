// The editor area: the welcome view when no folder is open and nothing is open, otherwise the
// editor groups side by side with a sash between them.
import { Fragment, useRef } from 'react'
import { WelcomeView } from '../panels/welcome/WelcomeView'
import { useEditors } from '../store/editors'
import { useLayout } from '../store/layout'
import { useWorkspace } from '../store/workspace'
import { clampRatio, DEFAULT_LAYOUT } from '../workbench/layout-math'
import { Sash } from '../workbench/Sash'
import { openFolder } from '../workbench/workspace-actions'
import { EditorGroup } from './EditorGroup'

export function EditorArea() {
  const groups = useEditors((s) => s.groups.groups)
  const hasFolder = useWorkspace((s) => s.info !== null)
  const starting = useWorkspace((s) => s.starting)
  const ratio = useLayout((s) => s.splitRatio)
  const set = useLayout((s) => s.set)
  const area = useRef<HTMLDivElement>(null)
  const startRatio = useRef(ratio)
  const nothingOpen = groups.every((g) => g.tabs.length === 0)

  return (
    <main className="kiln-editor-area" data-testid="editor-area" ref={area}>
      {!hasFolder && nothingOpen ? (
        starting ? null : <WelcomeView onOpenFolder={(path) => void openFolder(path)} />
      ) : (
        groups.map((g, i) => (
          <Fragment key={g.id}>
            <EditorGroup group={g} index={i} flex={groups.length === 1 ? '1 1 0' : `${i === 0 ? ratio : 1 - ratio} 1 0`} />
            {i < groups.length - 1 && (
              <Sash
                axis="x"
                testId="sash-split"
                onDragStart={() => (startRatio.current = ratio)}
                onDrag={(d) => set({ splitRatio: clampRatio(startRatio.current + d / (area.current?.clientWidth || 1)) })}
                onReset={() => set({ splitRatio: DEFAULT_LAYOUT.splitRatio })}
              />
            )}
          </Fragment>
        ))
      )}
    </main>
  )
}

