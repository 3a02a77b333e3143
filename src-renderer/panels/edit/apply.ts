// Apply a code block (from a chat reply) as a diff, reviewed hunk by hunk before anything changes.
// Its target: the selection or file the question was about (apply-target.ts), opened if needed;
// else the active editor's selection, else its whole file. Against a whole file, a snippet is
// placed over the definitions it redefines (snippet-place.ts), so the rest of the file is not
// proposed for deletion.
import { openFile } from '../../editor/buffers'
import { getModel } from '../../editor/models'
import { notify } from '../../store/notifications'
import { locate, type ApplyHint } from './apply-target'
import { openReview, type ReviewTarget } from './diff-review'
import { placeSnippet } from './snippet-place'
import { activeTarget } from './target'

/** False (with a notice) when there is nothing to apply to. */
export async function applyCodeBlock(code: string, language: string | null = null, hint: ApplyHint | null = null): Promise<boolean> {
  const found = hint ? await hintedTarget(hint) : activeTarget()
  if (!found) {
    if (!hint) notify('warning', 'Open the file the code belongs to, then apply the code block again')
    return false
  }
  const target = placed(found, code)
  if (!target) {
    notify('warning', `Could not tell which part of ${found.path} this code replaces: select that code in the editor, then apply the block again`)
    return false
  }
  const fileLanguage = getModel(target.path)?.getLanguageId() ?? null
  if (language !== null && language !== '' && fileLanguage !== null && !languageFits(language, fileLanguage)) {
    notify('info', `Applying a ${language} block to a ${fileLanguage} file`)
  }
  openReview(target, 'ready', code)
  return true
}

/** A whole-file target narrowed to the definitions a snippet redefines; null when none matches. */
function placed(t: ReviewTarget, code: string): ReviewTarget | null {
  const model = getModel(t.path)
  if (!model) return t
  const text = model.getValue()
  if (t.start !== 0 || t.end !== text.length) return t
  const p = placeSnippet(text, code)
  if (p === null) return null
  if (p.whole) return t
  const start = model.getOffsetAt({ lineNumber: p.startLine, column: 1 })
  const end = p.endLine < model.getLineCount() ? model.getOffsetAt({ lineNumber: p.endLine + 1, column: 1 }) : text.length
  return { ...t, start, end, original: text.slice(start, end), label: `${t.path}:${p.startLine}-${p.endLine}` }
}

async function hintedTarget(hint: ApplyHint): Promise<ReviewTarget | null> {
  if (!(await openFile(hint.path))) return null // openFile said why
  const model = getModel(hint.path)
  if (!model) return null
  const text = model.getValue()
  const at = locate(text, hint)
  if (at.lost) notify('info', `The code the question was about is no longer in ${hint.path}: the block is compared with the whole file`)
  return {
    path: hint.path,
    start: at.start,
    end: at.end,
    original: text.slice(at.start, at.end),
    versionId: model.getVersionId(),
    label: at.whole ? hint.path : `${hint.path}:${at.startLine}-${at.endLine}`,
  }
}

const languageFits = (block: string, file: string): boolean => block.toLowerCase() === file.toLowerCase() || (block === 'jl' && file === 'julia')
