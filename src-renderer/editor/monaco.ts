// Monaco, lean: the editor API plus only the contributions and languages Kiln uses, instead of
// the whole `monaco-editor` bundle (every language, TypeScript service, diff editor). Loaded with
// a dynamic import right after the first paint (editor/monaco-loader.ts).
import * as monaco from 'monaco-editor/editor/editor.api'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import JsonWorker from 'monaco-editor/language/json/json.worker?worker'

import 'monaco-editor/features/codicon/register'
import 'monaco-editor/features/bracketMatching/register'
import 'monaco-editor/features/clipboard/register'
import 'monaco-editor/features/comment/register'
import 'monaco-editor/features/contextmenu/register'
import 'monaco-editor/features/cursorUndo/register'
import 'monaco-editor/features/dnd/register'
import 'monaco-editor/features/documentSymbols/register'
import 'monaco-editor/features/find/register'
import 'monaco-editor/features/folding/register'
import 'monaco-editor/features/fontZoom/register'
import 'monaco-editor/features/format/register'
import 'monaco-editor/features/gotoError/register'
import 'monaco-editor/features/gotoLine/register'
import 'monaco-editor/features/hover/register'
import 'monaco-editor/features/indentation/register'
import 'monaco-editor/features/linesOperations/register'
import 'monaco-editor/features/links/register'
import 'monaco-editor/features/multicursor/register'
import 'monaco-editor/features/quickOutline/register'
import 'monaco-editor/features/readOnlyMessage/register'
import 'monaco-editor/features/smartSelect/register'
import 'monaco-editor/features/snippet/register'
import 'monaco-editor/features/stickyScroll/register'
import 'monaco-editor/features/unicodeHighlighter/register'
import 'monaco-editor/features/wordHighlighter/register'
import 'monaco-editor/features/wordOperations/register'
import 'monaco-editor/editor/contrib/suggest/browser/suggestController'

import 'monaco-editor/languages/definitions/markdown/register'
import 'monaco-editor/languages/definitions/yaml/register'
import 'monaco-editor/languages/definitions/shell/register'
import 'monaco-editor/languages/definitions/python/register'
import 'monaco-editor/languages/definitions/cpp/register'
import 'monaco-editor/languages/definitions/ini/register'
import 'monaco-editor/languages/definitions/dockerfile/register'
import 'monaco-editor/language/json/monaco.contribution'

import { registerJulia } from './julia-language'
import { registerJuliaLanguageFeatures } from './lang-features'
import { api } from '../api'
import { registerToml } from './toml-language'
import { registerJuliaInput } from './latex-monaco'
import { registerGhostCompletions } from './ghost-provider'

self.MonacoEnvironment = {
  getWorker: (_moduleId: string, label: string) => (label === 'json' ? new JsonWorker() : new EditorWorker()),
}

registerJulia(monaco)
registerJuliaLanguageFeatures(monaco, api)
registerToml(monaco)
registerJuliaInput(monaco)
registerGhostCompletions(monaco, api)

declare global {
  interface Window {
    /** For e2e tests: read model values, find editors. */
    __kilnMonaco?: typeof monaco
    /** performance.now() when a file's editor first became editable. */
    __kilnEditorReady?: number
  }
}
window.__kilnMonaco = monaco

export { monaco }
export type Monaco = typeof monaco
