// Monaco ships no typings for its language definition modules; Kiln imports Julia's directly to
// extend its configuration (comments, indentation) instead of loading it lazily.
declare module 'monaco-editor/languages/definitions/julia/julia' {
  import type { languages } from 'monaco-editor/editor/editor.api'
  export const conf: languages.LanguageConfiguration
  export const language: languages.IMonarchLanguage
}
