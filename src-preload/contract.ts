// The one typed contract between Kiln's renderer and its main process.
// Every request channel (`domain:verb`) and every event stream is declared here, with a zod schema
// for what crosses the boundary. Main, preload and renderer import this file; nothing else names a
// channel. Results are always `Result<T>`: errors cross the contract as values, never as throws.
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------
// Results

export type ErrorCode =
  | 'INVALID_ARGS' // arguments failed the schema
  | 'UNKNOWN_CHANNEL'
  | 'NO_WORKSPACE' // a workspace operation with no folder open
  | 'OUTSIDE_WORKSPACE' // a path that resolves outside the open folder (.., symlink, absolute)
  | 'NOT_FOUND'
  | 'EXISTS'
  | 'NOT_A_DIRECTORY'
  | 'IS_A_DIRECTORY'
  | 'CONFLICT' // the file changed on disk since the buffer was loaded
  | 'TOO_LARGE'
  | 'PERMISSION'
  | 'UNSUPPORTED' // not available in this host (e.g. native dialogs in the browser host)
  | 'INVALID_SETTING'
  | 'PROCESS' // a child process failed to start or died
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'INTERNAL'

export type Ok<T> = { ok: true; value: T }
export type Err = { ok: false; code: ErrorCode; message: string }
export type Result<T> = Ok<T> | Err

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value })
export const err = (code: ErrorCode, message: string): Err => ({ ok: false, code, message })

// ---------------------------------------------------------------------------------------------
// Shared value types

/** Paths crossing the contract are workspace-relative with `/` separators ('' is the root). */
const relPath = z.string().max(4096)

export type WorkspaceInfo = { root: string; name: string }
export type EntryKind = 'file' | 'dir' | 'symlink' | 'other'
export type DirEntry = { name: string; path: string; kind: EntryKind; size: number; mtimeMs: number }
export type FileContent = {
  path: string
  content: string
  mtimeMs: number
  size: number
  /** 'binary' and 'large' files open read-only with a notice. */
  readOnly: null | 'binary' | 'large'
}
export type FileChange = { path: string; kind: 'created' | 'changed' | 'deleted' }
export type Backup = { path: string; content: string; savedAt: number; baseMtimeMs: number | null }
export type FolderListing = { path: string; parent: string | null; dirs: string[]; home: string }

export type SearchQuery = z.infer<typeof searchQuery>
const searchQuery = z.object({
  pattern: z.string().min(1).max(1000),
  isRegex: z.boolean().default(false),
  caseSensitive: z.boolean().default(false),
  wholeWord: z.boolean().default(false),
  /** Comma-separated globs, e.g. `src/**, *.jl`. */
  include: z.string().max(1000).default(''),
  exclude: z.string().max(1000).default(''),
  maxResults: z.number().int().min(1).max(100_000).default(20_000),
})
/**
 * One match. `line` and `column` are 1-based, `column` and `length` in UTF-16 code units (as Monaco
 * counts). `preview` is the whole line, except that a line over ~250 characters is cut to a window
 * around the match ('…' marks a cut); `previewColumn` (1-based) is where the match starts inside
 * `preview` (equal to `column` when the line was not cut).
 */
export type SearchMatch = { line: number; column: number; length: number; preview: string; previewColumn?: number }
export type SearchFileResult = { searchId: string; path: string; matches: SearchMatch[] }
export type SearchDone = {
  searchId: string
  filesSearched: number
  filesMatched: number
  matches: number
  durationMs: number
  limitHit: boolean
  error?: string
}

export type TerminalInfo = {
  id: string
  /** 'julia': the Julia REPL's terminal, owned by the julia service (restart it through julia:restart). */
  kind: 'shell' | 'julia'
  title: string
  shell: string
  pid: number
  cwd: string
  /** Set once the shell has exited (the terminal stays listed until killed, and can be restarted). */
  exit?: TerminalExit
}
export type TerminalExit = { id: string; exitCode: number; signal: number | null }

export type OutlineKind = 'module' | 'function' | 'macro' | 'struct' | 'abstract' | 'const' | 'primitive'
export type OutlineSymbol = {
  name: string
  kind: OutlineKind
  line: number // 1-based
  endLine: number
  children?: OutlineSymbol[]
}
export type SyntaxDiagnostic = { line: number; column: number; endLine: number; endColumn: number; message: string }
export type SyntaxReport = { outline: OutlineSymbol[]; errors: SyntaxDiagnostic[]; parseMs: number }

export type SettingError = { key: string; message: string }
export type SettingDescriptor = {
  key: string
  type: 'string' | 'number' | 'boolean' | 'enum'
  default: string | number | boolean
  description: string
  options?: string[]
  /** Inclusive bounds of a number setting (the settings view renders them on the input). */
  min?: number
  max?: number
}
export type SettingsSnapshot = {
  values: Record<string, string | number | boolean>
  errors: SettingError[]
  descriptors: SettingDescriptor[]
  file: string
}

export type ProbeStatus = 'found' | 'missing' | 'error'
export type DoctorProbe = {
  id: string
  label: string
  status: ProbeStatus
  detail: string
  version?: string
  path?: string
  /** The command that installs or fixes what is missing. */
  fix?: string
}
export type DoctorReport = { probes: DoctorProbe[]; durationMs: number }

export type HostKind = 'electron' | 'browser'
export type AppInfo = {
  version: string
  host: HostKind
  platform: string
  home: string
  /** The folder given on the command line, opened at start. */
  initialFolder: string | null
}

// ----- Julia (issue 3): the REPL, evaluation, environments, tests ------------------------------

/** A `julia` Kiln can launch: where it was found and what it says its version is. */
export type JuliaInstall = {
  path: string
  version: string
  /** 'setting' | 'PATH' | 'juliaup' (~/.juliaup/bin) */
  via: string
  /** The juliaup channel passed as `+channel` (the `julia.channel` setting), or null. */
  channel: string | null
}
export type JuliaState = 'missing' | 'stopped' | 'starting' | 'ready' | 'busy' | 'exited'
/** How the REPL ended when nobody asked it to: exit code, signal and the last lines it printed. */
export type JuliaExit = { code: number; signal: number | null; lastOutput: string; at: number }
export type JuliaStatus = {
  state: JuliaState
  install: JuliaInstall | null
  /** Why Julia cannot start, with the command that fixes it (state 'missing'). */
  problem: { message: string; fix: string } | null
  /** The REPL's terminal (a tab in the terminal panel), while there is one. */
  terminalId: string | null
  pid: number | null
  /** From the REPL's hello. */
  threads: number | null
  /** The active project's folder as Julia reports it (absolute). */
  project: string | null
  /** The chosen environment's key (see JuliaEnvironment). */
  environment: string
  /** Spawn to hello on the side channel, measured by main. */
  startupMs: number | null
  exit: JuliaExit | null
  /** Set when the version is older than 1.12: what will not work (juliac, Reactant). */
  versionNote: string | null
}
/** A stack frame; `path` is workspace-relative when the file is inside the open folder. */
export type StackFrame = { func: string; file: string; line: number; path: string | null }
export type RichResult = { mime: 'image/png' | 'image/svg+xml'; /** base64 for PNG, the text for SVG */ data: string }
export type EvalError = { type: string; message: string; frames: StackFrame[] }
export type EvalOutcome = {
  id: string
  ok: boolean
  /** The result's text form (`repr` for MIME text/plain), cut at a limit; '' for `nothing`. */
  text: string
  truncated: boolean
  rich: RichResult | null
  error: EvalError | null
  /** Time Julia spent evaluating (reported by the Julia side). */
  evalMs: number
  /** Request to result, measured in main. */
  totalMs: number
  /**
   * The module the code actually ran in, as Julia names it (`Main`, `Main.Demo`, or `Demo` for a
   * loaded package). `Main` when a different module was asked for means it is not loaded and Julia
   * fell back to Main. Absent when the Julia side does not say.
   */
  module?: string
}
export type JuliaVariable = { name: string; type: string; /** e.g. '3×4' or '1.2 KiB' */ size: string; summary: string }
/** `key`: a workspace-relative folder holding a Project.toml ('' is the root), or a shared env like '@v1.12'. */
export type JuliaEnvironment = { key: string; label: string; kind: 'workspace' | 'shared' }
export type JuliaPackage = {
  name: string
  uuid: string
  version: string | null
  /** Listed in Project.toml [deps] (else only in the Manifest). */
  direct: boolean
  source: 'registry' | 'path' | 'git' | 'stdlib'
}
export type EnvironmentInfo = {
  key: string
  /** Workspace-relative Project.toml, or null for a shared env outside the workspace. */
  projectFile: string | null
  name: string | null
  version: string | null
  packages: JuliaPackage[]
  /** The Manifest's `julia_version`, when there is a Manifest. */
  manifestJulia: string | null
  manifestMissing: boolean
  /** Parse errors and inconsistencies (a dep missing from the Manifest), in words. */
  problems: string[]
}
export type PlotItem = { id: string; rich: RichResult; /** where it came from: an evaluation or a display() in the REPL */ origin: string; at: number }

export type TestSetResult = { name: string; depth: number; pass: number; fail: number; error: number; broken: number; total: number; timeS: number | null }
export type TestFailure = {
  kind: 'fail' | 'error'
  set: string | null
  message: string
  file: string | null
  line: number | null
  /** Workspace-relative when inside the open folder. */
  path: string | null
}
export type TestReport = {
  runId: string
  runner: 'Pkg.test' | 'TestItemRunner'
  state: 'running' | 'passed' | 'failed' | 'cancelled' | 'crashed'
  sets: TestSetResult[]
  failures: TestFailure[]
  exitCode: number | null
  durationMs: number
}

// ----- Language features (issue 3): workspace index, with a language server when installed ----

export type WorkspaceSymbol = {
  name: string
  kind: OutlineKind
  file: string // workspace-relative
  line: number // 1-based
  endLine: number
  /** The enclosing module or struct, if any. */
  container: string | null
  /** The definition's first line(s) as written, e.g. `function area(c::Circle)`. */
  signature: string
  doc: string | null
}
/** 1-based line and columns (UTF-16 units, as Monaco counts). */
export type SymbolLocation = { file: string; line: number; column: number; endLine: number; endColumn: number }
export type LangHover = { markdown: string; source: 'index' | 'server' }
export type LangCompletion = { label: string; kind: OutlineKind | 'variable' | 'keyword' | 'other'; detail: string; insertText: string }
export type LangTextEdit = { line: number; column: number; endLine: number; endColumn: number; text: string }
export type LangDiagnostic = SyntaxDiagnostic & { severity: 'error' | 'warning' | 'info' | 'hint'; source: string }
export type LangStatus = {
  /** The workspace index: files indexed of total. */
  index: { files: number; total: number; symbols: number; done: boolean; durationMs: number }
  /** The language server, when one is configured or found. */
  server: { state: 'absent' | 'starting' | 'indexing' | 'ready' | 'failed'; name: string | null; message: string; progress: string | null }
}

// ----- local inference (issue 5): llama-server or the embedded engine, models, memory -----------

export type InferenceEngineKind = 'embedded' | 'llama-server'
export type InferenceState = 'stopped' | 'starting' | 'loading' | 'ready' | 'crashed' | 'failed'
/** One GGUF file found in a model folder, with what its header says. */
export type ModelEntry = {
  /** Absolute path. */
  path: string
  /** `general.name`, else the file name. */
  name: string
  fileName: string
  /** The folder it was found in, and which kind of folder that is. */
  folder: string
  source: ModelFolderSource
  fileSize: number
  architecture: string | null
  parameterCount: number
  /** llama.cpp's name for `general.file_type` (Q4_K_M…), else the type holding most bytes. */
  quantization: string | null
  contextLength: number | null
  layers: number | null
  heads: number | null
  kvHeads: number | null
  embedding: number | null
  experts: number | null
  hasChatTemplate: boolean
  /** Set when the header could not be read: the file is listed, with the reason. */
  error: string | null
}
export type ModelFolderSource = 'setting' | 'lmstudio' | 'llama.cpp' | 'huggingface'
export type ModelFolder = { path: string; source: ModelFolderSource; exists: boolean; models: number; error: string | null }
export type ModelLibrary = { folders: ModelFolder[]; models: ModelEntry[]; scannedMs: number }
/** Weights + KV cache for a context against free memory (see memory-plan.ts). */
export type MemoryEstimate = {
  context: number
  gpuLayers: number
  weightsBytes: number
  kvBytes: number
  computeBytes: number
  totalBytes: number
  ram: { needed: number; free: number }
  gpu: { needed: number; free: number } | null
  fits: boolean
  warning: string | null
}
/** Load settings, as the panel edits them (mirrors the inference.* settings). */
export type InferenceLoadOptions = {
  contextSize: number
  /** -1: all layers (llama-server -ngl 999; embedded: as many as fit). 0: CPU only. */
  gpuLayers: number
  flashAttention: 'auto' | 'on' | 'off'
  parallel: number
  threads: number
}
export type InferenceTimings = {
  promptN: number
  promptMs: number
  promptPerSecond: number
  predictedN: number
  predictedMs: number
  predictedPerSecond: number
  /** Prompt tokens reused from the cache. */
  cacheN: number
}
export type InferenceSlot = { id: number; processing: boolean; nCtx: number; tokens: number | null }
export type InferenceStatus = {
  state: InferenceState
  engine: InferenceEngineKind
  /** What runs: the engine's command line without the API key. */
  command: string[] | null
  model: { path: string; name: string } | null
  options: InferenceLoadOptions
  /** http://127.0.0.1:PORT while running (the key stays in the main process). */
  url: string | null
  pid: number | null
  /** 0..1 while loading when the engine reports it; null otherwise. */
  progress: number | null
  /** The error or exit in words when crashed or failed; null otherwise. */
  message: string | null
  /** Restarts after crashes since the last start by the user (at most 5, then failed). */
  restarts: number
  /** Spawn to /health 200, for the last load. */
  loadMs: number | null
  /** From the last completion's `timings`. */
  timings: InferenceTimings | null
  slots: InferenceSlot[]
  /** `llama-server` found (setting or PATH), for the engine picker. */
  llamaServerPath: string | null
}

// ----- system monitor (issue 6): CPU, unified memory, GPUs, Kiln's processes --------------------

export type MonitorSourceId = 'proc' | 'sysfs' | 'rocm-smi' | 'amd-smi' | 'nvidia-smi' | 'systeminformation'
/** Where a figure can come from, and whether it does now. */
export type MonitorSource = {
  id: MonitorSourceId
  /** ok: answering; missing: not installed / no such files; failing: installed but erroring, hanging or printing garbage; off: not used (e.g. no GPU of that vendor). */
  state: 'ok' | 'missing' | 'failing' | 'off'
  /** In words: what it gave, or why not ("rocm-smi: Driver not initialized", "timed out after 3 s"). */
  message: string | null
  /** The command that installs or fixes it, when missing or failing. */
  fix: string | null
}
export type MonitorGpu = {
  /** Stable per GPU: `card1`, `nvidia0`, or the PCI bus id. */
  id: string
  name: string | null
  vendor: 'amd' | 'nvidia' | 'other'
  /** An integrated GPU sharing system memory (its GTT is RAM). */
  apu: boolean
  busyPercent: number | null
  /** Bytes. */
  vramUsed: number | null
  vramTotal: number | null
  gttUsed: number | null
  gttTotal: number | null
  temperatureC: number | null
  powerW: number | null
  /** Which sources gave these figures, e.g. ['sysfs', 'rocm-smi']. */
  sources: MonitorSourceId[]
}
export type MonitorProcessKind = 'kiln' | 'julia' | 'juliac' | 'tests' | 'inference' | 'terminal' | 'language-server' | 'trainer' | 'other'
/** One of Kiln's child processes, with its whole process tree summed. */
export type MonitorProcess = {
  pid: number
  kind: MonitorProcessKind
  label: string
  cpuPercent: number
  rssBytes: number
  /** From drm-memory-gtt / drm-memory-vram in /proc/PID/fdinfo; null when the process holds no GPU memory or it cannot be read. */
  gttBytes: number | null
  vramBytes: number | null
  /** Processes in the tree (the child and its descendants). */
  count: number
}
export type MonitorSample = {
  /** Milliseconds since the epoch. */
  t: number
  cpu: { totalPercent: number; perCore: number[] }
  /** Bytes. used = total - available. */
  memory: { total: number; available: number; used: number; swapTotal: number; swapUsed: number }
  gpus: MonitorGpu[]
  processes: MonitorProcess[]
  /** The memory a model could still get now (weights + cache), and how that was worked out. */
  headroom: { bytes: number; detail: string }
}
export type MonitorInventory = {
  cpuModel: string | null
  cores: number | null
  threads: number | null
  gpus: { name: string; vendor: string; vramBytes: number | null }[]
  os: string | null
}
export type MonitorSnapshot = {
  intervalMs: number
  /** Oldest first; up to 10 minutes. */
  samples: MonitorSample[]
  sources: MonitorSource[]
  inventory: MonitorInventory | null
}

// ----- chat and chat-assisted editing (issue 7) --------------------------------------------------

export type ChatContextKind = 'file' | 'selection' | 'repl' | 'problems' | 'terminal' | 'build'
/** An @-mention attached to a user message: resolved to text when attached, so a conversation replays the same. */
export type ChatContextItem = {
  kind: ChatContextKind
  /** What the chip shows: `src/App.jl`, `src/App.jl:10-24`, `REPL (40 lines)`, `2 problems`. */
  label: string
  /** Workspace-relative, for file and selection (the chip opens it). */
  path: string | null
  range: { startLine: number; endLine: number } | null
  /** The text that goes into the prompt. */
  text: string
}
export type ChatMessageState = 'streaming' | 'done' | 'stopped' | 'cut-off' | 'error'
export type ChatMessage = {
  id: string
  role: 'user' | 'assistant'
  content: string
  /** User messages: the @-mentions attached. */
  context: ChatContextItem[]
  createdAt: number
  /** Assistant messages: how the reply ended (user messages are 'done'). */
  state: ChatMessageState
  error: string | null
  timings: InferenceTimings | null
  /** Said when older turns were left out to fit the context, e.g. "2 oldest turns left out to fit 8192 tokens". */
  notice: string | null
}
export type ChatConversation = { id: string; title: string; createdAt: number; updatedAt: number; messages: ChatMessage[] }
export type ChatConversationSummary = { id: string; title: string; updatedAt: number; messages: number }
/** A reply started: its message id, and the conversation as the list shows it (a first message names it). */
export type ChatStarted = { messageId: string; summary: ChatConversationSummary }
/** The prompt a send would make, against the model's context (said before sending). */
export type ChatBudget = {
  contextSize: number | null
  promptTokens: number
  /** Tokens kept free for the reply. */
  reserved: number
  /** Oldest turns that would be left out. */
  trimmedTurns: number
  /** False when even the newest message with its context does not fit. */
  fits: boolean
  message: string | null
}
export type AssistAction = 'explain' | 'fix' | 'optimize' | 'tests' | 'trimmable' | 'custom'
export type AssistStatus = { serverReady: boolean; completionEnabled: boolean; lastCompletionMs: number | null }

// ----- juliac builds (issue 4): configurations, builds, diagnostics, artifacts, run, ship ------

export type BuildTrim = 'no' | 'safe' | 'unsafe' | 'unsafe-warn'
export type BuildOutputKind = 'exe' | 'lib' | 'sysimage'
/** One entry of `.kiln/builds.json`. Paths are workspace-relative. */
export type BuildConfig = {
  /** The configuration's name, and the output's bare name (juliac refuses a path). */
  name: string
  /** A `.jl` file or a package folder with `function (@main)(ARGS)`. */
  entry: string
  output: BuildOutputKind
  /** `--bundle DIR`, or null for a bare output in `build/NAME/`. */
  bundle: string | null
  trim: BuildTrim
  experimental: boolean
  compileCcallable: boolean
  privatize: boolean
  /** e.g. `x86-64-v3`, `znver4`; null: juliac's default. */
  cpuTarget: string | null
  /** The project (folder with Project.toml); null: the workspace's active environment. */
  project: string | null
  extraArgs: string[]
}
export type BuildConfigProblem = { path: string; message: string }
export type BuildConfigs = { configs: BuildConfig[]; /** workspace-relative */ file: string; exists: boolean; problems: BuildConfigProblem[] }
export type JuliacStatus = {
  found: boolean
  /** How it runs: `juliac`, or `julia -m JuliaC`. */
  command: string[] | null
  version: string | null
  juliaVersion: string | null
  /** What to install when missing, in words and as a command. */
  problem: { message: string; fix: string } | null
}
export type BuildPhase = 'queued' | 'compiling' | 'trimming' | 'linking' | 'bundling' | 'done'
export type BuildState = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped'
export type JuliacFrame = { func: string; file: string; line: number | null; /** workspace-relative when inside it */ path: string | null }
export type JuliacDiagnostic = {
  severity: 'error' | 'warning'
  /** The N of `Verifier error #N`, when there is one. */
  index: number | null
  message: string
  frames: JuliacFrame[]
}
export type BuildMetrics = {
  wallMs: number
  cpuMs: number | null
  /** Peak resident memory of the whole process tree. */
  peakRssBytes: number | null
  outputBytes: number | null
  juliaVersion: string | null
  flags: string[]
}
export type BuildRecord = {
  id: string
  config: string
  state: BuildState
  phase: BuildPhase
  startedAt: number
  endedAt: number | null
  exitCode: number | null
  signal: string | null
  /** 1 for the first try; transient failures (OOM kill) retry up to 3 times. */
  attempt: number
  diagnostics: JuliacDiagnostic[]
  errors: number
  warnings: number
  metrics: BuildMetrics | null
  /** The executable/library produced (workspace-relative), once there is one. */
  artifact: string | null
  /** The output folder (bundle or build/NAME), workspace-relative. */
  outputDir: string | null
  /** Why it failed or was skipped, in words; and what to try (e.g. the unsafe-warn build). */
  message: string | null
  suggestion: 'retry' | 'unsafe-warn' | null
}
export type ArtifactEntry = { path: string; size: number; kind: 'exe' | 'lib' | 'julia-lib' | 'artifact' | 'other' }
export type SizeBreakdown = { exe: number; lib: number; juliaLib: number; artifacts: number; other: number; total: number }
export type ArtifactReport = {
  buildId: string
  /** workspace-relative output folder */
  root: string
  entries: ArtifactEntry[]
  sizes: SizeBreakdown
  /** Against the previous successful build of the same configuration. */
  diff: { previousBuildId: string; sizesBefore: SizeBreakdown; added: string[]; removed: string[]; changed: { path: string; before: number; after: number }[] } | null
}
export type ElfNeeded = { name: string; /** absolute path it resolves to, or null when missing */ resolved: string | null; via: 'bundle' | 'rpath' | 'system' | null }
export type ElfReport = {
  path: string
  class: 'ELF32' | 'ELF64'
  machine: string
  type: string
  pie: boolean
  nxStack: boolean
  relro: 'none' | 'partial' | 'full'
  stackProtector: boolean
  fortify: boolean
  rpath: string[]
  runpath: string[]
  stripped: boolean
  interpreter: string | null
  needed: ElfNeeded[]
  missing: string[]
  /** Facts worth saying in words, e.g. 'no PT_GNU_STACK: the stack is executable on x86-64'. */
  notes: string[]
}
export type RunLimits = { timeoutS: number; memoryMb: number; network: boolean }
export type RunResult = {
  exitCode: number | null
  signal: string | null
  stdout: string
  stderr: string
  /** Output beyond the cap was dropped. */
  truncated: boolean
  wallMs: number
  peakRssBytes: number | null
  timedOut: boolean
  /** What isolation was really applied, in words (e.g. 'own working folder', 'no network (bubblewrap)'). */
  isolation: string[]
}
export type PackageResult = { tarball: string; sha256: string; bytes: number; files: string[] }

// ---------------------------------------------------------------------------------------------
// Request channels: args schema + result type

/** `ch<ResultType>()(argsSchema)`: curried so the args type is inferred from the schema. */
const ch =
  <R>() =>
  <A extends z.ZodType>(args: A) => ({ args, result: undefined as unknown as R })
const none = z.object({}).strict()
const chatContextItem = z.object({
  kind: z.enum(['file', 'selection', 'repl', 'problems', 'terminal', 'build']),
  label: z.string().max(500),
  path: z.string().max(4096).nullable(),
  range: z.object({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) }).nullable(),
  text: z.string().max(2_000_000),
})
const id = z.string().min(1).max(64)
const cols = z.number().int().min(2).max(1000)
const rows = z.number().int().min(1).max(500)

export const channels = {
  'app:info': ch<AppInfo>()(none),
  /** Opens an https URL in the system browser (Electron host); the browser host opens it itself. */
  'app:openExternal': ch<null>()(z.object({ url: z.string().max(2048) })),

  'workspace:open': ch<WorkspaceInfo>()(z.object({ path: z.string().min(1).max(4096) })),
  'workspace:close': ch<null>()(none),
  'workspace:current': ch<WorkspaceInfo | null>()(none),
  'workspace:recent': ch<string[]>()(none),
  /** Native folder dialog (Electron); the browser host answers UNSUPPORTED and the UI uses browseFolders. */
  'workspace:pickFolder': ch<string | null>()(none),
  /** Lists sub-folders of a folder on this machine, for the browser host's folder picker. */
  'workspace:browseFolders': ch<FolderListing>()(z.object({ path: z.string().max(4096).optional() })),
  'workspace:list': ch<DirEntry[]>()(z.object({ path: relPath })),
  /** Every file in the workspace (skipping .git, node_modules…), for Quick Open. */
  'workspace:files': ch<{ files: string[]; truncated: boolean }>()(none),
  'workspace:read': ch<FileContent>()(z.object({ path: relPath })),
  /** Atomic write. `expectedMtimeMs` guards against overwriting a change made on disk (CONFLICT). */
  'workspace:write': ch<{ mtimeMs: number; size: number }>()(
    z.object({ path: relPath, content: z.string(), expectedMtimeMs: z.number().nullable().optional() }),
  ),
  'workspace:create': ch<DirEntry>()(z.object({ path: relPath, kind: z.enum(['file', 'dir']) })),
  'workspace:rename': ch<null>()(z.object({ from: relPath, to: relPath })),
  /** Moves to the platform trash where there is one; `trashed: false` means deleted outright. */
  'workspace:delete': ch<{ trashed: boolean }>()(z.object({ path: relPath })),

  'search:start': ch<{ searchId: string }>()(searchQuery),
  'search:cancel': ch<null>()(z.object({ searchId: id })),

  /** Hot exit: unsaved buffers, kept in the user data folder per workspace. */
  'backup:write': ch<null>()(z.object({ path: relPath, content: z.string(), baseMtimeMs: z.number().nullable() })),
  'backup:clear': ch<null>()(z.object({ path: relPath })),
  'backup:list': ch<Backup[]>()(none),

  'terminal:create': ch<TerminalInfo>()(z.object({ cols, rows })),
  'terminal:input': ch<null>()(z.object({ id, data: z.string().max(1_000_000) })),
  'terminal:resize': ch<null>()(z.object({ id, cols, rows })),
  /** Flow control: the renderer acknowledges characters it has written to xterm. */
  'terminal:ack': ch<null>()(z.object({ id, chars: z.number().int().min(0) })),
  /** Restarts an exited terminal in place (same id, fresh shell). */
  'terminal:restart': ch<TerminalInfo>()(z.object({ id, cols, rows })),
  'terminal:kill': ch<null>()(z.object({ id })),
  'terminal:list': ch<TerminalInfo[]>()(none),

  /** Parse Julia source (tree-sitter-julia, in a worker thread): outline and syntax errors. */
  'syntax:analyze': ch<SyntaxReport>()(z.object({ content: z.string().max(20_000_000) })),

  'settings:get': ch<SettingsSnapshot>()(none),
  'settings:set': ch<SettingsSnapshot>()(
    z.object({ key: z.string().max(200), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  ),

  'doctor:run': ch<DoctorReport>()(none),

  // ----- julia
  'julia:status': ch<JuliaStatus>()(none),
  /** Starts the REPL (a terminal tab) with the chosen environment; answers once it said hello. */
  'julia:start': ch<JuliaStatus>()(z.object({ cols, rows })),
  'julia:restart': ch<JuliaStatus>()(z.object({ cols, rows })),
  'julia:stop': ch<null>()(none),
  /** Interrupts the running evaluation (InterruptException), like Ctrl-C in the REPL. */
  'julia:interrupt': ch<null>()(none),
  /** Evaluates code in the REPL's Main (or `module`) as if from `path` at `line`; output shows in the REPL. */
  'julia:eval': ch<EvalOutcome>()(
    z.object({
      code: z.string().max(10_000_000),
      path: relPath.nullable().default(null),
      line: z.number().int().min(1).default(1),
      module: z.string().max(500).default('Main'),
    }),
  ),
  'julia:variables': ch<JuliaVariable[]>()(none),
  'julia:environments': ch<{ environments: JuliaEnvironment[]; active: string }>()(none),
  /** Chooses the environment (remembered per workspace); a running REPL activates it. */
  'julia:setEnvironment': ch<JuliaStatus>()(z.object({ key: z.string().max(4096) })),
  /** The environment's packages from Project.toml/Manifest.toml, parsed without Julia. */
  'julia:environment': ch<EnvironmentInfo>()(z.object({ key: z.string().max(4096).optional() })),
  /** Pkg operations, typed into the REPL so the user sees Pkg's output. */
  'julia:pkg': ch<null>()(
    z.object({
      op: z.enum(['instantiate', 'add', 'remove', 'update', 'status', 'resolve']),
      packages: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(@[0-9A-Za-z.+-]+)?$/, 'not a package name'))
        .max(50)
        .default([]),
    }),
  ),
  /** Runs the package's tests as a supervised child; progress comes as julia:test* events. */
  'julia:testRun': ch<{ runId: string }>()(none),
  'julia:testCancel': ch<null>()(z.object({ runId: id })),

  // ----- language features (index, or the language server when it is ready)
  'lang:status': ch<LangStatus>()(none),
  /** Ctrl+T: fuzzy search of the workspace's definitions. */
  'lang:workspaceSymbols': ch<WorkspaceSymbol[]>()(z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(5000).default(200) })),
  'lang:definition': ch<SymbolLocation[]>()(z.object({ path: relPath, line: z.number().int().min(1), column: z.number().int().min(1) })),
  'lang:references': ch<SymbolLocation[]>()(
    z.object({ path: relPath, line: z.number().int().min(1), column: z.number().int().min(1), includeDeclaration: z.boolean().default(true) }),
  ),
  'lang:hover': ch<LangHover | null>()(z.object({ path: relPath, line: z.number().int().min(1), column: z.number().int().min(1) })),
  'lang:completion': ch<LangCompletion[]>()(z.object({ path: relPath, line: z.number().int().min(1), column: z.number().int().min(1) })),
  'lang:format': ch<LangTextEdit[]>()(z.object({ path: relPath })),
  /** Open buffers, so answers follow unsaved text (and a language server sees it). */
  'lang:didOpen': ch<null>()(z.object({ path: relPath, content: z.string().max(20_000_000), version: z.number().int() })),
  'lang:didChange': ch<null>()(z.object({ path: relPath, content: z.string().max(20_000_000), version: z.number().int() })),
  'lang:didClose': ch<null>()(z.object({ path: relPath })),
  /** Starts the language server afresh (after it failed, or to pick up a newly installed one). */
  'lang:restartServer': ch<null>()(none),

  // ----- inference
  'inference:status': ch<InferenceStatus>()(none),
  /** Scans the model folders (the setting, LM Studio's and llama.cpp's caches) and reads headers. */
  'inference:models': ch<ModelLibrary>()(z.object({ rescan: z.boolean().default(false) })),
  /** The memory a model would take with these options, against free memory now. */
  'inference:estimate': ch<MemoryEstimate>()(
    z.object({ path: z.string().min(1).max(4096), contextSize: z.number().int().min(64).max(4_194_304), gpuLayers: z.number().int().min(-1).max(9999) }),
  ),
  /** Starts (or restarts) the server with a model and options; answers at once, progress comes as events. */
  'inference:start': ch<InferenceStatus>()(
    z.object({
      path: z.string().min(1).max(4096),
      contextSize: z.number().int().min(64).max(4_194_304),
      gpuLayers: z.number().int().min(-1).max(9999),
      flashAttention: z.enum(['auto', 'on', 'off']),
      parallel: z.number().int().min(1).max(64),
      threads: z.number().int().min(0).max(1024),
    }),
  ),
  'inference:stop': ch<InferenceStatus>()(none),
  'inference:restart': ch<InferenceStatus>()(none),
  /** A short completion through the running server, to try the model (the panel's prompt box). */
  'inference:complete': ch<{ text: string; timings: InferenceTimings | null; firstTokenMs: number | null; totalMs: number }>()(
    z.object({ prompt: z.string().min(1).max(100_000), maxTokens: z.number().int().min(1).max(4096).default(64) }),
  ),
  /** The server's log so far (the tail, when long). */
  'inference:log': ch<{ text: string; truncated: boolean }>()(none),

  // ----- monitor
  /** The history (up to 10 minutes), the sources' state and the inventory. */
  'monitor:snapshot': ch<MonitorSnapshot>()(z.object({ since: z.number().optional() })),
  /** A monitor view is on screen (sample at the set rate) or not (sample slowly). */
  'monitor:visible': ch<null>()(z.object({ visible: z.boolean() })),

  // ----- chat (context items are checked here: they go into prompts and into saved conversations)
  'chat:list': ch<ChatConversationSummary[]>()(none),
  'chat:get': ch<ChatConversation>()(z.object({ id })),
  'chat:new': ch<ChatConversation>()(none),
  'chat:delete': ch<null>()(z.object({ id })),
  'chat:rename': ch<ChatConversationSummary>()(z.object({ id, title: z.string().min(1).max(200) })),
  /** Resolves an @-mention to a context item. file: `path` (and `text` for an unsaved buffer); selection: `path`, `range`, `text`; terminal: `text` (a selection) or the recent output; repl, problems, build: from the services. */
  'chat:context': ch<ChatContextItem>()(
    z.object({
      kind: z.enum(['file', 'selection', 'repl', 'problems', 'terminal', 'build']),
      path: relPath.optional(),
      range: z.object({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) }).optional(),
      text: z.string().max(2_000_000).optional(),
      /** terminal: `text` is the terminal's selection (true) or what it shows (false). */
      selected: z.boolean().optional(),
    }),
  ),
  /** Token count of the conversation plus this draft against the model's context. */
  /** Without `id`: the budget of a new conversation's first message. */
  'chat:budget': ch<ChatBudget>()(z.object({ id: id.optional(), content: z.string().max(200_000), context: z.array(chatContextItem).max(50) })),
  /** Appends the user message and streams the reply (chat:delta, then chat:message). Answers with the reply's id at once. */
  /** `ids`: the renderer's ids for the user message and the reply (it shows both before main answers); made by main without. */
  'chat:send': ch<ChatStarted>()(
    z.object({ id, content: z.string().min(1).max(200_000), context: z.array(chatContextItem).max(50).default([]), ids: z.object({ user: id, reply: id }).optional() }),
  ),
  'chat:stop': ch<null>()(z.object({ id })),
  /** Replaces the last reply with a new one. */
  'chat:regenerate': ch<ChatStarted>()(z.object({ id })),
  /** Edits a user message, drops everything after it, and sends it again. */
  'chat:editResend': ch<ChatStarted>()(z.object({ id, messageId: id, content: z.string().min(1).max(200_000) })),

  // ----- editing with the model
  /** Streams a proposal (assist:delta, assist:done): the replacement for `code` (an edit), or an explanation. */
  'assist:edit': ch<{ requestId: string }>()(
    z.object({
      path: relPath,
      action: z.enum(['explain', 'fix', 'optimize', 'tests', 'trimmable', 'custom']),
      instruction: z.string().max(20_000).default(''),
      /** The selection (or the whole file) the proposal replaces. */
      code: z.string().max(2_000_000),
      /** Lines around it, for the model's context only. */
      before: z.string().max(200_000).default(''),
      after: z.string().max(200_000).default(''),
      /** For fix / trimmable: the diagnostic and its frames, in words. */
      diagnostic: z.string().max(50_000).optional(),
    }),
  ),
  /**
   * Ghost-text completion from /infill (llama.vscode's request); cancelled by assist:cancel or a newer
   * request for the same path. The renderer sends the code around the cursor, not the file; main
   * cuts it to its window at whole lines.
   */
  'assist:complete': ch<{ text: string; ms: number }>()(
    z.object({
      requestId: id,
      path: relPath,
      prefix: z.string().max(500_000),
      suffix: z.string().max(500_000),
      extra: z.array(z.object({ filename: z.string().max(4096), text: z.string().max(200_000) })).max(32).default([]),
    }),
  ),
  'assist:cancel': ch<null>()(z.object({ requestId: id })),
  'assist:status': ch<AssistStatus>()(none),

  // ----- juliac
  'juliac:status': ch<JuliacStatus>()(none),
  /** `.kiln/builds.json`, validated (problems listed, never thrown). */
  'juliac:configs': ch<BuildConfigs>()(none),
  /** Validates and writes `.kiln/builds.json` atomically; INVALID_ARGS lists what is wrong. */
  'juliac:saveConfigs': ch<BuildConfigs>()(z.object({ configs: z.array(z.unknown()).max(200) })),
  /** A new package from resources/templates/ in a new workspace folder. */
  'juliac:newProject': ch<{ path: string }>()(z.object({ name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a bare name: letters, digits, _ . - (no path)'), folder: relPath.default('') })),
  'juliac:build': ch<{ buildId: string }>()(z.object({ config: z.string().max(64), force: z.boolean().default(false), trim: z.enum(['no', 'safe', 'unsafe', 'unsafe-warn']).optional() })),
  'juliac:cancel': ch<null>()(z.object({ buildId: id })),
  'juliac:history': ch<BuildRecord[]>()(z.object({ config: z.string().max(64).optional() })),
  'juliac:log': ch<{ text: string; truncated: boolean }>()(z.object({ buildId: id })),
  'juliac:artifacts': ch<ArtifactReport>()(z.object({ buildId: id })),
  /** The ELF report of a file in the workspace. */
  'juliac:inspect': ch<ElfReport>()(z.object({ path: relPath })),
  /** Runs a build's artifact inside limits; never any other program. */
  'juliac:run': ch<RunResult>()(
    z.object({
      buildId: id,
      args: z.array(z.string().max(4096)).max(100).default([]),
      timeoutS: z.number().min(1).max(3600).default(30),
      memoryMb: z.number().int().min(16).max(1_048_576).default(2048),
      network: z.boolean().default(false),
    }),
  ),
  /** NAME-VERSION-PLATFORM.tar.gz with deploy.sh, SHA256SUMS and manifest.json. */
  'juliac:package': ch<PackageResult>()(z.object({ buildId: id, version: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/).default('0.1.0') })),
  /** Writes `.github/workflows/juliac-NAME.yml` or `Dockerfile.NAME` into the workspace. */
  'juliac:generate': ch<{ path: string }>()(z.object({ config: z.string().max(64), kind: z.enum(['github', 'docker']) })),
} as const

export type Channels = typeof channels
export type Channel = keyof Channels
export type ArgsOf<C extends Channel> = z.input<Channels[C]['args']>
export type ParsedArgsOf<C extends Channel> = z.output<Channels[C]['args']>
export type ResultOf<C extends Channel> = Channels[C]['result']
export const channelNames = Object.keys(channels) as Channel[]
export const isChannel = (name: string): name is Channel => Object.hasOwn(channels, name)

// ---------------------------------------------------------------------------------------------
// Event streams: main -> renderer

export type Events = {
  'workspace:changed': { changes: FileChange[] }
  'workspace:opened': WorkspaceInfo | null
  'search:result': SearchFileResult
  'search:done': SearchDone
  'terminal:data': { id: string; data: string }
  'terminal:exit': TerminalExit
  'settings:changed': SettingsSnapshot
  'julia:status': JuliaStatus
  /** The workspace after each evaluation. */
  'julia:variables': { variables: JuliaVariable[] }
  /** An image result or a display() in the REPL, for the plot pane. */
  'julia:plot': PlotItem
  'julia:testOutput': { runId: string; data: string }
  'julia:testReport': TestReport
  'lang:status': LangStatus
  /** The language server's diagnostics for a file (replacing earlier ones). */
  'lang:diagnostics': { path: string; diagnostics: LangDiagnostic[] }
  /** A build started, changed phase, got diagnostics or ended. */
  'juliac:build': BuildRecord
  'juliac:log': { buildId: string; data: string }
  'inference:status': InferenceStatus
  /** Lines the server printed (stdout and stderr). */
  'inference:log': { data: string }
  'monitor:sample': MonitorSample
  /** A source changed state (a tool went missing, started failing, came back). */
  'monitor:sources': MonitorSource[]
  /** Text streamed into an assistant message. */
  'chat:delta': { conversationId: string; messageId: string; text: string }
  /** A message was added or changed state (streaming started, done, stopped, cut off, error). */
  'chat:message': { conversationId: string; message: ChatMessage }
  'assist:delta': { requestId: string; text: string }
  'assist:done': { requestId: string; text: string; state: ChatMessageState; error: string | null; timings: InferenceTimings | null }
  'assist:status': AssistStatus
}
export type EventName = keyof Events
export const eventNames: readonly EventName[] = [
  'workspace:changed',
  'workspace:opened',
  'search:result',
  'search:done',
  'terminal:data',
  'terminal:exit',
  'settings:changed',
  'julia:status',
  'julia:variables',
  'julia:plot',
  'julia:testOutput',
  'julia:testReport',
  'lang:status',
  'lang:diagnostics',
  'juliac:build',
  'juliac:log',
  'inference:status',
  'inference:log',
  'monitor:sample',
  'monitor:sources',
  'chat:delta',
  'chat:message',
  'assist:delta',
  'assist:done',
  'assist:status',
]
export const isEventName = (name: string): name is EventName => (eventNames as readonly string[]).includes(name)

// ---------------------------------------------------------------------------------------------
// The API surface every host gives the renderer (preload bridge or WebSocket client).

export interface KilnApi {
  readonly host: HostKind
  call<C extends Channel>(channel: C, args: ArgsOf<C>): Promise<Result<ResultOf<C>>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
}

// ---------------------------------------------------------------------------------------------
// Wire format of the browser host's WebSocket (one socket carries calls, results and events).

export type WireMessage =
  | { t: 'call'; id: number; ch: string; args: unknown }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; ev: EventName; payload: unknown }

// ---------------------------------------------------------------------------------------------
// Electron IPC: the preload bridge and the Electron host use exactly two ipc channels.

export const ipcChannels = {
  /** `ipcRenderer.invoke('kiln:call', channel, args)` -> `Result`; main checks the sender frame. */
  call: 'kiln:call',
  /** `webContents.send('kiln:event', eventName, payload)`; the preload fans it out to listeners. */
  event: 'kiln:event',
} as const
