// Find in Files (Ctrl+Shift+F), filling the side bar: query with Match Case / Whole Word / Regex
// toggles, include and exclude globs, streamed results grouped by file.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { SearchResults } from './SearchResults'
import { summaryText, visibleRows } from './searchModel'
import { savedSearchOptions, useSearch, type SearchOptions } from './useSearch'
import './search.css'

const DEBOUNCE_MS = 300
/** Rendering more matches than this buys nothing but a slow side bar. */
const MAX_RENDERED_MATCHES = 1000

type Toggle = 'caseSensitive' | 'wholeWord' | 'isRegex'
const TOGGLES: { key: Toggle; code: string; label: string; title: string; testId: string }[] = [
  { key: 'caseSensitive', code: 'KeyC', label: 'Aa', title: 'Match Case (Alt+C)', testId: 'search-toggle-case' },
  { key: 'wholeWord', code: 'KeyW', label: 'ab', title: 'Match Whole Word (Alt+W)', testId: 'search-toggle-word' },
  { key: 'isRegex', code: 'KeyR', label: '.*', title: 'Use Regular Expression (Alt+R)', testId: 'search-toggle-regex' },
]

export function SearchView(props: { onOpen(path: string, line: number, column: number): void; focusToken?: number }) {
  const [options, setOptions] = useState<SearchOptions>(savedSearchOptions)
  const { state, dispatch, run } = useSearch(options)
  const inputRef = useRef<HTMLInputElement>(null)
  const [listFocus, setListFocus] = useState(0)
  // The options last searched for: a remount (another folder) keeps the query without searching it.
  const searched = useRef<SearchOptions | null>(options)

  // Focus when the workbench asks (Ctrl+Shift+F bumps the token), not merely because we mounted.
  const seenToken = useRef(props.focusToken)
  useEffect(() => {
    if (props.focusToken === seenToken.current) return
    seenToken.current = props.focusToken
    inputRef.current?.focus()
    inputRef.current?.select()
  }, [props.focusToken])

  // Debounced search as the user types or flips a toggle.
  useEffect(() => {
    if (searched.current === options) return
    const h = setTimeout(() => {
      searched.current = options
      run(options)
    }, DEBOUNCE_MS)
    return () => clearTimeout(h)
  }, [options, run])

  const searchNow = (): void => {
    searched.current = options
    run(options)
  }

  const set = <K extends keyof SearchOptions>(key: K, value: SearchOptions[K]): void =>
    setOptions((o) => ({ ...o, [key]: value }))

  const onRootKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return
    const t = TOGGLES.find((x) => x.code === e.code)
    if (!t) return
    e.preventDefault()
    e.stopPropagation()
    set(t.key, !options[t.key])
  }

  const onInputKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault()
      searchNow()
    } else if (e.key === 'Escape' && options.pattern !== '') {
      e.preventDefault()
      e.stopPropagation()
      set('pattern', '')
    } else if (e.key === 'ArrowDown' && e.currentTarget === inputRef.current && state.files.length > 0) {
      e.preventDefault()
      setListFocus((n) => n + 1)
    }
  }

  const { rows, hidden } = useMemo(() => visibleRows(state, MAX_RENDERED_MATCHES), [state])
  const summary = summaryText(state)
  const hasResults = state.files.length > 0

  return (
    <div className="kiln-search" data-testid="search-view" onKeyDown={onRootKeyDown}>
      <div className="kiln-search-form">
        <div className="kiln-search-query">
          <input
            ref={inputRef}
            className="kiln-search-input kiln-search-input-query"
            data-testid="search-input"
            type="text"
            placeholder="Search"
            aria-label="Search"
            spellCheck={false}
            autoComplete="off"
            value={options.pattern}
            onChange={(e) => set('pattern', e.target.value)}
            onKeyDown={onInputKeyDown}
          />
          <span className="kiln-search-toggles">
            {TOGGLES.map((t) => (
              <button
                key={t.key}
                type="button"
                className={`kiln-search-toggle kiln-search-toggle-${t.key} ${options[t.key] ? 'kiln-search-toggle-on' : ''}`}
                data-testid={t.testId}
                title={t.title}
                aria-label={t.title}
                aria-pressed={options[t.key]}
                onClick={() => set(t.key, !options[t.key])}
              >
                {t.label}
              </button>
            ))}
          </span>
        </div>
        <label className="kiln-search-label">
          files to include
          <input
            className="kiln-search-input"
            data-testid="search-include"
            type="text"
            placeholder="e.g. src/**, *.jl"
            spellCheck={false}
            autoComplete="off"
            value={options.include}
            onChange={(e) => set('include', e.target.value)}
            onKeyDown={onInputKeyDown}
          />
        </label>
        <label className="kiln-search-label">
          files to exclude
          <input
            className="kiln-search-input"
            data-testid="search-exclude"
            type="text"
            placeholder="e.g. test/**, *.md"
            spellCheck={false}
            autoComplete="off"
            value={options.exclude}
            onChange={(e) => set('exclude', e.target.value)}
            onKeyDown={onInputKeyDown}
          />
        </label>
      </div>

      {state.error ? (
        <div className="kiln-search-error" role="alert">
          {state.error}
        </div>
      ) : null}
      <div className="kiln-search-bar">
        {summary ? (
          <div className="kiln-search-summary" data-testid="search-summary" role="status">
            {summary}
          </div>
        ) : (
          <span className="kiln-search-summary-empty" />
        )}
        <span className="kiln-search-actions">
          <button
            type="button"
            className="kiln-icon-button kiln-search-action"
            title="Refresh"
            aria-label="Refresh"
            disabled={options.pattern === ''}
            onClick={searchNow}
          >
            ⟳
          </button>
          <button
            type="button"
            className="kiln-icon-button kiln-search-action"
            title={state.collapsed.size > 0 ? 'Expand All' : 'Collapse All'}
            aria-label={state.collapsed.size > 0 ? 'Expand All' : 'Collapse All'}
            disabled={!hasResults}
            onClick={() => dispatch({ type: state.collapsed.size > 0 ? 'expandAll' : 'collapseAll' })}
          >
            {state.collapsed.size > 0 ? '⊞' : '⊟'}
          </button>
          <button
            type="button"
            className="kiln-icon-button kiln-search-action"
            title="Clear Search Results"
            aria-label="Clear Search Results"
            disabled={options.pattern === '' && !hasResults}
            onClick={() => {
              searched.current = { ...options, pattern: '' }
              setOptions(searched.current)
              run(searched.current)
              inputRef.current?.focus()
            }}
          >
            ✕
          </button>
        </span>
      </div>

      <SearchResults
        rows={rows}
        focusToken={listFocus}
        onToggle={(path) => dispatch({ type: 'toggle', path })}
        onOpen={props.onOpen}
      />
      {hidden > 0 ? (
        <div className="kiln-search-more">
          {hidden.toLocaleString('en-US')} more results not shown. Narrow the search to see them.
        </div>
      ) : null}
    </div>
  )
}
