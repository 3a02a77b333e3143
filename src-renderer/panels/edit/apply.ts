// Apply a code block (from a chat reply) to the active editor: a diff against its selection when
// there is one, else against the whole file, reviewed hunk by hunk before anything changes.
import { notify } from '../../store/notifications'
import { openReview } from './diff-review'
import { activeTarget } from './target'

/** False (with a notice) when no file is open to apply to. */
export function applyCodeBlock(code: string, language: string | null = null): boolean {
  const target = activeTarget()
  if (!target) {
    notify('warning', 'Open the file the code belongs to, then apply the code block again')
    return false
  }
  if (language !== null && language !== '' && !languageFits(language, target.model.getLanguageId())) {
    notify('info', `Applying a ${language} block to a ${target.model.getLanguageId()} file`)
  }
  openReview(target, 'ready', code)
  return true
}

const languageFits = (block: string, file: string): boolean => block.toLowerCase() === file.toLowerCase() || (block === 'jl' && file === 'julia')
