// Ghost-text completion as you type (Julia files): a Monaco inline completions provider that
// waits assist.completionDebounceMs after the last keystroke, asks main for an /infill completion
// (assist:complete) with a ring of recently edited chunks, and cancels the request in flight on
// the next keystroke (assist:cancel) so the server stops generating at once. Tab accepts (Monaco's
// default), Ctrl+→ accepts the next word (editor.action.inlineSuggest.acceptNextWord, Monaco's default).
// Off, with no request at all, when the setting is off or no model server is ready.
import 'monaco-editor/features/inlineCompletions/register'
import type { editor, IDisposable, languages, Position, CancellationToken } from 'monaco-editor/editor/editor.api'
import type { KilnApi } from '../../src-preload/contract'
import { useSettings } from '../store/settings'
import { EditRing, SEND_AROUND } from './ghost-ring'
import { applyAssistStatus, applyInferenceStatus, noteLatency, useGhost } from './ghost-state'
import { pathOfModel } from './models'
import type { Monaco } from './monaco'

type Api = Pick<KilnApi, 'call' | 'on'>

let nextId = 0
const newRequestId = (): string => `ghost-${Date.now().toString(36)}-${(nextId++).toString(36)}`

export function ghostEnabled(): boolean {
  return useSettings.getState().values['assist.completion'] !== false && useGhost.getState().serverReady
}

function debounceMs(): number {
  const v = useSettings.getState().values['assist.completionDebounceMs']
  return typeof v === 'number' && v >= 0 ? v : 150
}

/** Resolves true after `ms`, or false as soon as the token is cancelled (a newer keystroke). */
function pause(ms: number, token: CancellationToken): Promise<boolean> {
  return new Promise((resolve) => {
    if (token.isCancellationRequested) return resolve(false)
    const timer = setTimeout(() => {
      sub.dispose()
      resolve(true)
    }, ms)
    const sub = token.onCancellationRequested(() => {
      clearTimeout(timer)
      sub.dispose()
      resolve(false)
    })
  })
}

/** The code around the cursor: a keystroke in a long file sends kilobytes, not the file. */
export function around(model: editor.ITextModel, position: Position): { prefix: string; suffix: string } {
  const offset = model.getOffsetAt(position)
  const from = model.getPositionAt(Math.max(0, offset - SEND_AROUND.before))
  const to = model.getPositionAt(Math.min(model.getValueLength(), offset + SEND_AROUND.after))
  return {
    prefix: model.getValueInRange({ startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: position.lineNumber, endColumn: position.column }),
    suffix: model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: position.column, endLineNumber: to.lineNumber, endColumn: to.column }),
  }
}

export function registerGhostCompletions(monaco: Monaco, api: Api): IDisposable {
  const ring = new EditRing()
  const subs: IDisposable[] = []
  const offs: (() => void)[] = []
  /** The request in flight, per file: a keystroke in that file cancels it. */
  const inFlight = new Map<string, string>()

  const cancel = (path: string): void => {
    const id = inFlight.get(path)
    if (id === undefined) return
    inFlight.delete(path)
    void api.call('assist:cancel', { requestId: id })
  }

  const watch = (model: editor.ITextModel): void => {
    if (model.getLanguageId() !== 'julia') return
    subs.push(
      model.onDidChangeContent((e) => {
        const path = pathOfModel(model)
        if (path === null) return
        cancel(path)
        const line = e.changes[0]?.range.startLineNumber ?? 1
        ring.noteEdit(path, line, model.getLineCount(), (n) => model.getLineContent(n))
      }),
    )
  }
  monaco.editor.getModels().forEach(watch)
  subs.push(monaco.editor.onDidCreateModel(watch))
  subs.push(
    monaco.editor.onWillDisposeModel((m) => {
      const path = pathOfModel(m)
      if (path !== null) {
        cancel(path)
        ring.forget(path)
      }
    }),
  )

  offs.push(api.on('inference:status', applyInferenceStatus))
  offs.push(api.on('assist:status', applyAssistStatus))
  void api.call('assist:status', {}).then((r) => r.ok && applyAssistStatus(r.value))

  const provider: languages.InlineCompletionsProvider = {
    displayName: 'Kiln local model',
    debounceDelayMs: 0,
    async provideInlineCompletions(model: editor.ITextModel, position: Position, _context: languages.InlineCompletionContext, token: CancellationToken) {
      const path = pathOfModel(model)
      if (path === null || !ghostEnabled()) return { items: [] }
      if (!(await pause(debounceMs(), token)) || !ghostEnabled()) return { items: [] }
      const { prefix, suffix } = around(model, position)
      const requestId = newRequestId()
      cancel(path)
      inFlight.set(path, requestId)
      const sub = token.onCancellationRequested(() => cancel(path))
      try {
        const r = await api.call('assist:complete', {
          requestId,
          path,
          prefix,
          suffix,
          extra: ring.extra(path, position.lineNumber),
        })
        if (!r.ok || token.isCancellationRequested || r.value.text === '') return { items: [] }
        noteLatency(r.value.ms)
        const at = new monaco.Range(position.lineNumber, position.column, position.lineNumber, position.column)
        return { items: [{ insertText: r.value.text, range: at }] }
      } finally {
        sub.dispose()
        if (inFlight.get(path) === requestId) inFlight.delete(path)
      }
    },
    disposeInlineCompletions() {
      // Nothing held per result.
    },
  }
  subs.push(monaco.languages.registerInlineCompletionsProvider('julia', provider))

  return {
    dispose() {
      for (const path of [...inFlight.keys()]) cancel(path)
      for (const s of subs.splice(0)) s.dispose()
      for (const off of offs.splice(0)) off()
    },
  }
}
