// The Outline view: modules, functions, macros, types and constants of the active Julia file,
// nested; the symbol around the cursor is highlighted; a click goes to its line.
import { useMemo } from 'react'
import type { OutlineKind, OutlineSymbol } from '../../../src-preload/contract'
import { activeCodeEditor } from '../../editor/editor-registry'
import { activeTab, isFileTab } from '../../editor/groups'
import { useEditors } from '../../store/editors'
import { useOutline } from '../../store/outline'
import { basename } from '../../workbench/paths'

const KIND_GLYPH: Record<OutlineKind, { glyph: string; label: string }> = {
  module: { glyph: 'M', label: 'module' },
  function: { glyph: 'ƒ', label: 'function' },
  macro: { glyph: '@', label: 'macro' },
  struct: { glyph: 'S', label: 'struct' },
  abstract: { glyph: 'A', label: 'abstract type' },
  const: { glyph: 'C', label: 'constant' },
  primitive: { glyph: 'P', label: 'primitive type' },
}

type Row = { symbol: OutlineSymbol; depth: number }

const flatten = (symbols: OutlineSymbol[], depth = 0, out: Row[] = []): Row[] => {
  for (const s of symbols) {
    out.push({ symbol: s, depth })
    if (s.children) flatten(s.children, depth + 1, out)
  }
  return out
}

/** The innermost symbol whose lines contain `line`. */
const around = (rows: Row[], line: number): OutlineSymbol | null => {
  let best: Row | null = null
  for (const r of rows) if (r.symbol.line <= line && line <= r.symbol.endLine && (!best || r.depth >= best.depth)) best = r
  return best?.symbol ?? null
}

function goTo(line: number): void {
  const ed = activeCodeEditor()
  if (!ed) return
  ed.setPosition({ lineNumber: line, column: 1 })
  ed.revealLineInCenterIfOutsideViewport(line)
  ed.focus()
}

export function OutlineView() {
  const path = useEditors((s) => {
    const id = activeTab(s.groups)
    return id !== null && isFileTab(id) ? id : null
  })
  const language = useEditors((s) => s.active?.language)
  const cursorLine = useEditors((s) => s.active?.line ?? 0)
  const file = useOutline((s) => (path ? s.files[path] : undefined))
  const rows = useMemo(() => flatten(file?.outline ?? []), [file])
  const current = around(rows, cursorLine)

  let empty: string | null = null
  if (!path) empty = 'No editor is open.'
  else if (language !== undefined && language !== 'julia') empty = `The outline is for Julia files; ${basename(path)} is not one.`
  else if (!file) empty = 'Reading the file’s structure…'
  else if (rows.length === 0) empty = 'No symbols found in this file.'

  return (
    <div className="kiln-outline" data-testid="outline" role="tree" aria-label="Outline">
      {empty ? (
        <p className="kiln-sidebar-empty">{empty}</p>
      ) : (
        rows.map(({ symbol, depth }) => {
          const k = KIND_GLYPH[symbol.kind]
          return (
            <div
              key={`${symbol.line}:${symbol.name}:${depth}`}
              role="treeitem"
              className={`kiln-tree-row${symbol === current ? ' selected' : ''}`}
              data-testid="outline-item"
              data-line={symbol.line}
              data-kind={symbol.kind}
              style={{ paddingLeft: 12 + depth * 12 }}
              title={`${k.label} ${symbol.name} — line ${symbol.line}`}
              onClick={() => goTo(symbol.line)}
            >
              <span className={`kiln-symbol-icon kind-${symbol.kind}`} aria-label={k.label}>
                {k.glyph}
              </span>
              <span className="kiln-tree-label">{symbol.name}</span>
              <span className="kiln-tree-detail">{symbol.line}</span>
            </div>
          )
        })
      )}
    </div>
  )
}
