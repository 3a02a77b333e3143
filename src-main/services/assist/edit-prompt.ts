// The prompt for an edit: a fixed system message (so the server's prompt cache keeps it), then the
// file's surroundings, the code, the diagnostic and the instruction. Replies are parsed by the
// renderer: the first fenced block is the proposal, which is why the prompt asks for exactly one.
import type { AssistAction } from '../../../src-preload/contract'
import type { ChatMessage } from '../inference/client'

export type EditRequest = {
  path: string
  action: AssistAction
  instruction: string
  code: string
  before: string
  after: string
  diagnostic?: string
}

export const EDIT_SYSTEM_PROMPT = [
  'You are an expert Julia programmer editing code inside an IDE.',
  'When asked to change code, reply with exactly the replacement code in one ```julia block and nothing else:',
  'the whole replacement for the code given, with its indentation, no explanations, no "..." placeholders.',
].join('\n')

const TASKS: Record<AssistAction, string> = {
  explain: 'Explain what this code does, briefly and precisely. Answer in words; quote code only where it helps.',
  fix: 'Fix the problem described below. Change only what the fix needs.',
  optimize: 'Make this code faster: type-stable, fewer allocations, no globals in hot loops. Keep its behaviour.',
  tests: 'Write tests for this code with the Test standard library (@testset, @test). Reply with the tests only.',
  trimmable:
    'juliac --trim could not verify this code (the errors are below). Make it trimmable: no dynamic dispatch on unknown types, ' +
    'concrete types for containers and fields, no eval, no runtime code loading. Keep its behaviour.',
  custom: 'Change the code as the instruction says.',
}

/** Lines of surrounding code the model sees at most, on each side. */
export const CONTEXT_LINES = 60

export function editMessages(req: EditRequest, systemPrompt = ''): ChatMessage[] {
  const language = /\.toml$/i.test(req.path) ? 'toml' : 'julia'
  const parts = [`Task: ${TASKS[req.action]}`]
  if (req.instruction.trim() !== '') parts.push(`Instruction: ${req.instruction.trim()}`)
  parts.push(`File: ${req.path}`)
  const before = lastLines(req.before, CONTEXT_LINES)
  const after = firstLines(req.after, CONTEXT_LINES)
  if (before !== '') parts.push(`Code before (for context, do not repeat it):\n${fence(before, language)}`)
  parts.push(`The code to ${req.action === 'explain' ? 'explain' : req.action === 'tests' ? 'test' : 'replace'}:\n${fence(req.code, language)}`)
  if (after !== '') parts.push(`Code after (for context, do not repeat it):\n${fence(after, language)}`)
  if (req.diagnostic !== undefined && req.diagnostic.trim() !== '') parts.push(`Diagnostic:\n${fence(req.diagnostic.trim(), '')}`)
  if (req.action !== 'explain') parts.push(`Reply with exactly the ${req.action === 'tests' ? 'test code' : 'replacement code'} in one \`\`\`${language} block.`)
  const system = systemPrompt.trim() === '' ? EDIT_SYSTEM_PROMPT : `${systemPrompt.trim()}\n\n${EDIT_SYSTEM_PROMPT}`
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ]
}

/** A fence longer than any run of backticks in the text, so code with fences stays one block. */
function fence(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}${language}\n${text.replace(/\n$/, '')}\n${ticks}`
}

function lastLines(text: string, n: number): string {
  const lines = text.replace(/\n$/, '').split('\n')
  return lines.length <= n ? text.replace(/\n$/, '') : lines.slice(-n).join('\n')
}

function firstLines(text: string, n: number): string {
  return text.replace(/^\n/, '').split('\n').slice(0, n).join('\n').replace(/\n$/, '')
}
