// Every setting Kiln knows: its type, default, bounds and description. Validation lives here so
// the service, the CLI and the settings view agree on what a valid value is.
import type { SettingDescriptor } from '../../../src-preload/contract'

export type SettingValue = string | number | boolean

/**
 * `machine: true` marks settings that name programs or files Kiln runs or loads. Only the user's
 * own settings file may set them: a workspace's `.kiln/settings.json` comes with the folder,
 * so honouring it there would let a cloned repository pick the shell or `julia` Kiln launches
 * (VS Code restricts the same settings for the same reason).
 */
type Spec =
  | { type: 'string'; default: string; description: string; machine?: true }
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'enum'; default: string; options: readonly string[]; description: string }
  | { type: 'number'; default: number; min: number; max: number; integer?: boolean; description: string }

export const SETTINGS = {
  'workbench.colorTheme': {
    type: 'enum',
    default: 'system',
    options: ['system', 'light', 'dark'],
    description: 'Color theme; `system` follows the operating system.',
  },
  'editor.fontSize': { type: 'number', default: 14, min: 6, max: 40, description: 'Editor font size in pixels.' },
  'editor.tabSize': { type: 'number', default: 4, min: 1, max: 16, integer: true, description: 'Spaces per indentation level.' },
  'editor.wordWrap': { type: 'enum', default: 'off', options: ['off', 'on'], description: 'Wrap long lines at the editor width.' },
  'editor.minimap': { type: 'boolean', default: true, description: 'Show the minimap beside the editor.' },
  'files.hotExit': {
    type: 'boolean',
    default: true,
    description: 'Back up unsaved editors and restore them after Kiln quits or crashes.',
  },
  'terminal.shell': { type: 'string', default: '', machine: true, description: 'Shell for new terminals; empty means your login shell.' },
  'terminal.fontSize': { type: 'number', default: 13, min: 6, max: 40, description: 'Terminal font size in pixels.' },
  'terminal.renderer': {
    type: 'enum',
    default: 'auto',
    options: ['auto', 'webgl', 'dom'],
    description: 'Terminal renderer; `auto` uses WebGL where it works and falls back to the DOM.',
  },
  'julia.executablePath': { type: 'string', default: '', machine: true, description: 'Path to `julia`; empty means find it on PATH or in ~/.juliaup.' },
  'julia.channel': {
    type: 'string',
    default: '',
    description: 'juliaup channel for this workspace (e.g. `1.12` or `release`), run as `julia +channel`; empty means juliaup’s default.',
  },
  'julia.threads': { type: 'string', default: 'auto', description: 'Threads for the REPL (`--threads`): `auto`, a number, or `N,M` (default and interactive pools).' },
  'julia.languageServer': {
    type: 'enum',
    default: 'auto',
    options: ['auto', 'off', 'LanguageServer.jl', 'JETLS'],
    description: 'Language server for Julia files; `auto` uses one that is installed, else Kiln’s own index.',
  },
  'julia.languageServerPath': {
    type: 'string',
    default: '',
    machine: true,
    description: 'Command of a Julia language server speaking LSP over stdio (e.g. `jetls`); empty means discover one.',
  },
  'juliac.executablePath': {
    type: 'string',
    default: '',
    machine: true,
    description: 'Path to `juliac`; empty means PATH, ~/.julia/bin, or `julia -m JuliaC`.',
  },
  'inference.llamaServerPath': { type: 'string', default: '', machine: true, description: 'Path to llama.cpp’s `llama-server`; empty means PATH.' },
  'inference.modelsPath': {
    type: 'string',
    default: '',
    machine: true,
    description: 'Folder holding GGUF models (LM Studio’s and llama.cpp’s caches are scanned too where they exist).',
  },
  'inference.engine': {
    type: 'enum',
    default: 'auto',
    options: ['auto', 'embedded', 'llama-server'],
    description: 'Which engine serves the model: `auto` runs llama-server when one is set or on PATH, else Kiln’s embedded engine (node-llama-cpp).',
  },
  'inference.model': { type: 'string', default: '', machine: true, description: 'The GGUF model last started (remembered by the server panel).' },
  'inference.contextSize': { type: 'number', default: 8192, min: 64, max: 4194304, integer: true, description: 'Context size in tokens (`-c`).' },
  'inference.gpuLayers': {
    type: 'number',
    default: -1,
    min: -1,
    max: 9999,
    integer: true,
    description: 'Layers offloaded to the GPU (`-ngl`); -1 means all, 0 the CPU only.',
  },
  'inference.flashAttention': { type: 'enum', default: 'auto', options: ['auto', 'on', 'off'], description: 'Flash attention (`-fa`).' },
  'inference.parallel': { type: 'number', default: 1, min: 1, max: 64, integer: true, description: 'Parallel slots (`-np`); the context is shared between them.' },
  'inference.threads': { type: 'number', default: 0, min: 0, max: 1024, integer: true, description: 'CPU threads for generation; 0 lets the engine choose.' },
  'inference.cacheReuse': {
    type: 'number',
    default: 256,
    min: 0,
    max: 65536,
    integer: true,
    description: 'Minimum chunk of the prompt cache to reuse by shifting (`--cache-reuse`); 0 turns it off.',
  },
  'inference.lora': { type: 'string', default: '', machine: true, description: 'A LoRA adapter (GGUF) applied to the model (`--lora`).' },
  'chat.systemPrompt': {
    type: 'string',
    default: '',
    description: 'System prompt for chat; empty means Kiln’s Julia expert prompt.',
  },
  'chat.maxReplyTokens': { type: 'number', default: 1024, min: 16, max: 32768, integer: true, description: 'Tokens kept free for a chat reply.' },
  'assist.completion': { type: 'boolean', default: true, description: 'Ghost-text completions from the local model as you type (off while no model is running).' },
  'assist.completionDebounceMs': { type: 'number', default: 150, min: 0, max: 2000, integer: true, description: 'Pause after typing before a completion is asked for (ms).' },
  'monitor.intervalMs': {
    type: 'number',
    default: 1000,
    min: 250,
    max: 60000,
    integer: true,
    description: 'How often the system monitor samples while a monitor view is visible (ms); it samples every 5 s otherwise.',
  },
  'inference.extraArgs': { type: 'string', default: '', machine: true, description: 'More arguments for llama-server, split on spaces (quotes group).' },
} as const satisfies Record<string, Spec>

export type SettingKey = keyof typeof SETTINGS
type KeysOf<T extends Spec['type']> = { [K in SettingKey]: (typeof SETTINGS)[K]['type'] extends T ? K : never }[SettingKey]
export type StringSettingKey = KeysOf<'string' | 'enum'>
export type NumberSettingKey = KeysOf<'number'>
export type BooleanSettingKey = KeysOf<'boolean'>

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]
export const isMachineSetting = (key: SettingKey): boolean => {
  const spec: Spec = SETTINGS[key]
  return spec.type === 'string' && spec.machine === true
}
export const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS, key)
/** Longest string setting we accept (a path); anything longer is a mistake, not a path. */
const MAX_STRING = 4096

export const descriptors = (): SettingDescriptor[] =>
  SETTING_KEYS.map((key) => {
    const spec: Spec = SETTINGS[key]
    const d: SettingDescriptor = { key, type: spec.type, default: spec.default, description: spec.description }
    if (spec.type === 'enum') d.options = [...spec.options]
    if (spec.type === 'number') {
      d.min = spec.min
      d.max = spec.max
    }
    return d
  })

export const defaults = (): Record<SettingKey, SettingValue> =>
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as Record<SettingKey, SettingValue>

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

/** Checks one value against its setting; the error names the key and says what is expected. */
export function validate(key: string, value: unknown): { ok: true; value: SettingValue } | { ok: false; message: string } {
  if (!isSettingKey(key)) return { ok: false, message: `unknown setting "${key}"` }
  const spec: Spec = SETTINGS[key]
  const fail = (expected: string) => ({ ok: false as const, message: `${key} must be ${expected} (got ${show(value)})` })
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return fail('a string')
      if (value.length > MAX_STRING) return fail(`at most ${MAX_STRING} characters`)
      return { ok: true, value }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail('true or false')
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? { ok: true, value }
        : fail(`one of ${spec.options.map((o) => `"${o}"`).join(', ')}`)
    case 'number': {
      const what = `${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(what)
      if (value < spec.min || value > spec.max || (spec.integer && !Number.isInteger(value))) return fail(what)
      return { ok: true, value }
    }
  }
}
