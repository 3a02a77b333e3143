// The lifecycle of Find in Files: starts a search through 'search:start', cancels the previous
// one, and batches streamed events into the reducer once per frame. The query and its options
// outlive the view (it remounts when another folder opens); results do not, they belong to a folder.
import { useCallback, useEffect, useReducer, useRef } from 'react'
import { api } from '../../api'
import { initialSearchState, searchReducer, type SearchAction, type SearchEvent, type SearchState } from './searchModel'

export interface SearchOptions {
  pattern: string
  caseSensitive: boolean
  wholeWord: boolean
  isRegex: boolean
  include: string
  exclude: string
}

export const defaultOptions: SearchOptions = {
  pattern: '',
  caseSensitive: false,
  wholeWord: false,
  isRegex: false,
  include: '',
  exclude: '',
}

let savedOptions: SearchOptions = defaultOptions
export const savedSearchOptions = (): SearchOptions => savedOptions

const nextFrame = (cb: () => void): (() => void) => {
  if (typeof requestAnimationFrame === 'function') {
    const h = requestAnimationFrame(cb)
    return () => cancelAnimationFrame(h)
  }
  const h = setTimeout(cb, 16)
  return () => clearTimeout(h)
}

export function useSearch(options: SearchOptions): {
  state: SearchState
  dispatch: (a: SearchAction) => void
  run: (o: SearchOptions) => void
} {
  const [state, dispatch] = useReducer(searchReducer, initialSearchState)
  const currentId = useRef<string | null>(null)
  const generation = useRef(0)
  const queue = useRef<SearchEvent[]>([])
  const cancelFlush = useRef<(() => void) | null>(null)
  const optionsRef = useRef(options)
  optionsRef.current = options

  const cancelCurrent = useCallback((): void => {
    const id = currentId.current
    currentId.current = null
    if (id) void api.call('search:cancel', { searchId: id })
  }, [])

  const run = useCallback(
    (o: SearchOptions): void => {
      const gen = ++generation.current
      cancelCurrent()
      if (o.pattern === '') {
        dispatch({ type: 'clear' })
        return
      }
      dispatch({ type: 'start' })
      api
        .call('search:start', {
          pattern: o.pattern,
          caseSensitive: o.caseSensitive,
          wholeWord: o.wholeWord,
          isRegex: o.isRegex,
          include: o.include,
          exclude: o.exclude,
        })
        .then(
          (r) => {
            if (gen !== generation.current) {
              // Superseded while starting: stop it, its events are ignored anyway.
              if (r.ok) void api.call('search:cancel', { searchId: r.value.searchId })
              return
            }
            if (r.ok) {
              currentId.current = r.value.searchId
              dispatch({ type: 'started', searchId: r.value.searchId })
            } else dispatch({ type: 'failed', message: r.message })
          },
          (e: unknown) => {
            if (gen === generation.current) dispatch({ type: 'failed', message: e instanceof Error ? e.message : String(e) })
          },
        )
    },
    [cancelCurrent],
  )

  useEffect(() => {
    const flush = (): void => {
      cancelFlush.current = null
      const events = queue.current
      queue.current = []
      if (events.length) dispatch({ type: 'events', events })
    }
    const push = (e: SearchEvent): void => {
      queue.current.push(e)
      if (e.kind === 'done' && e.done.searchId === currentId.current) currentId.current = null
      cancelFlush.current ??= nextFrame(flush)
    }
    const offResult = api.on('search:result', (result) => push({ kind: 'result', result }))
    const offDone = api.on('search:done', (done) => push({ kind: 'done', done }))
    return () => {
      offResult()
      offDone()
      cancelFlush.current?.()
      cancelFlush.current = null
      cancelCurrent()
      generation.current++
      savedOptions = optionsRef.current
    }
  }, [cancelCurrent])

  return { state, dispatch, run }
}
