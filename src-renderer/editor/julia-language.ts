// Julia in Monaco: Monaco's own Monarch grammar for colours, registered eagerly (Julia is what Kiln
// edits), plus what Monaco's definition leaves out: comments for Ctrl+/ and block indentation.
import { conf, language } from 'monaco-editor/languages/definitions/julia/julia'
import type { Monaco } from './monaco'

/** Lines that open a block: the next line is indented, unless the block also ends on this line. */
const OPENS_BLOCK =
  /^\s*(?:@[\w.]+\s+)*(?:(?:mutable\s+)?struct|abstract\s+type|primitive\s+type|function|macro|module|baremodule|if|elseif|else|for|while|let|quote|try|catch|finally|begin)\b(?!.*\bend\b\s*(?:#.*)?$).*$|^.*\bdo\b(?:\s+[\w\s,()]*)?\s*(?:#.*)?$/
const CLOSES_BLOCK = /^\s*(?:end|else|elseif|catch|finally)\b/

export function registerJulia(monaco: Monaco): void {
  monaco.languages.register({ id: 'julia', extensions: ['.jl'], aliases: ['Julia', 'julia'] })
  monaco.languages.setMonarchTokensProvider('julia', language)
  monaco.languages.setLanguageConfiguration('julia', {
    ...conf,
    comments: { lineComment: '#', blockComment: ['#=', '=#'] },
    indentationRules: { increaseIndentPattern: OPENS_BLOCK, decreaseIndentPattern: CLOSES_BLOCK },
    wordPattern: /(-?\d*\.\d\w*)|([^`~!@$%^&*()\-=+[{\]}\\|;:'",.<>/?\s]+[!?]?)/g,
  })
}
