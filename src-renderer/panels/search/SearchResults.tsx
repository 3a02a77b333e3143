// The results tree of Find in Files: file rows (collapsible) with their match rows. One tab stop;
// arrows move, Enter opens a match or toggles a file, Left/Right collapse and expand.
import { memo, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react'
import { previewParts, type ResultRow } from './searchModel'

export interface SearchResultsProps {
  rows: readonly ResultRow[]
  onToggle(path: string): void
  onOpen(path: string, line: number, column: number): void
  /** Focus the list (the query input sends ArrowDown here). */
  focusToken: number
}

const splitPath = (path: string): { dir: string; name: string } => {
  const i = path.lastIndexOf('/')
  return { dir: i < 0 ? '' : path.slice(0, i), name: path.slice(i + 1) }
}

export function SearchResults(props: SearchResultsProps) {
  const { rows } = props
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLDivElement>(null)
  const activeRef = useRef<HTMLDivElement>(null)
  const id = useId()
  const current = Math.min(active, Math.max(0, rows.length - 1))

  // Rows are memoised (results stream in every frame): give them callbacks that never change.
  const latest = useRef(props)
  latest.current = props
  const activate = useCallback((row: ResultRow | undefined): void => {
    if (!row) return
    if (row.kind === 'file') latest.current.onToggle(row.path)
    else latest.current.onOpen(row.path, row.match.line, row.match.column)
  }, [])
  const onRowClick = useCallback(
    (index: number): void => {
      setActive(index)
      activate(latest.current.rows[index])
    },
    [activate],
  )

  useEffect(() => {
    if (props.focusToken > 0) listRef.current?.focus()
  }, [props.focusToken])

  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: 'nearest' })
  }, [current])

  const fileRowOf = (i: number): number => {
    for (let k = i; k >= 0; k--) if (rows[k].kind === 'file') return k
    return 0
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const row = rows[current]
    let handled = true
    switch (e.key) {
      case 'ArrowDown':
        setActive(Math.min(rows.length - 1, current + 1))
        break
      case 'ArrowUp':
        setActive(Math.max(0, current - 1))
        break
      case 'Home':
        setActive(0)
        break
      case 'End':
        setActive(rows.length - 1)
        break
      case 'Enter':
      case ' ':
        activate(row)
        break
      case 'ArrowLeft':
        if (row?.kind === 'match') setActive(fileRowOf(current))
        else if (row && !row.collapsed) props.onToggle(row.path)
        break
      case 'ArrowRight':
        if (row?.kind === 'file' && row.collapsed) props.onToggle(row.path)
        else if (row?.kind === 'file') setActive(Math.min(rows.length - 1, current + 1))
        break
      default:
        handled = false
    }
    if (handled) {
      e.preventDefault()
      e.stopPropagation()
    }
  }

  if (rows.length === 0) return null
  return (
    <div
      ref={listRef}
      className="kiln-search-results"
      role="tree"
      aria-label="Search results"
      tabIndex={0}
      aria-activedescendant={`${id}-${current}`}
      onKeyDown={onKeyDown}
    >
      {rows.map((row, i) => (
        <Row
          key={row.kind === 'file' ? `f:${row.path}` : row.key}
          row={row}
          index={i}
          domId={`${id}-${i}`}
          active={i === current}
          activeRef={i === current ? activeRef : undefined}
          onClick={onRowClick}
        />
      ))}
    </div>
  )
}

interface RowProps {
  row: ResultRow
  index: number
  domId: string
  active: boolean
  activeRef: Ref<HTMLDivElement> | undefined
  onClick(index: number): void
}

const sameRow = (a: ResultRow, b: ResultRow): boolean => {
  if (a.kind === 'file' && b.kind === 'file') return a.path === b.path && a.count === b.count && a.collapsed === b.collapsed
  if (a.kind === 'match' && b.kind === 'match') return a.key === b.key && a.match === b.match
  return false
}

const Row = memo(
  function Row({ row, index, domId, active, activeRef, onClick }: RowProps) {
    const cls = `kiln-search-row ${active ? 'kiln-search-row-active' : ''}`
    if (row.kind === 'file') {
      const { dir, name } = splitPath(row.path)
      return (
        <div
          id={domId}
          ref={activeRef}
          className={`${cls} kiln-search-file`}
          data-testid="search-result-file"
          data-path={row.path}
          role="treeitem"
          aria-expanded={!row.collapsed}
          aria-level={1}
          title={row.path}
          onClick={() => onClick(index)}
        >
          <span className={`kiln-search-chevron ${row.collapsed ? '' : 'kiln-search-chevron-open'}`} aria-hidden>
            ›
          </span>
          <span className="kiln-search-filename">{name}</span>
          <span className="kiln-search-dir">{dir}</span>
          <span className="kiln-search-count">{row.count}</span>
        </div>
      )
    }
    const p = previewParts(row.match)
    return (
      <div
        id={domId}
        ref={activeRef}
        className={`${cls} kiln-search-match`}
        data-testid="search-result-match"
        data-line={row.match.line}
        role="treeitem"
        aria-level={2}
        title={`${row.path}:${row.match.line}:${row.match.column}`}
        onClick={() => onClick(index)}
      >
        <span className="kiln-search-preview">
          {p.before}
          <mark className="kiln-search-hit">{p.match}</mark>
          {p.after}
        </span>
        <span className="kiln-search-lineno">{row.match.line}</span>
      </div>
    )
  },
  (a, b) =>
    a.index === b.index &&
    a.domId === b.domId &&
    a.active === b.active &&
    a.activeRef === b.activeRef &&
    a.onClick === b.onClick &&
    sameRow(a.row, b.row),
)
