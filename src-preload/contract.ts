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

// ---------------------------------------------------------------------------------------------
// Request channels: args schema + result type

/** `ch<ResultType>()(argsSchema)`: curried so the args type is inferred from the schema. */
const ch =
  <R>() =>
  <A extends z.ZodType>(args: A) => ({ args, result: undefined as unknown as R })
const none = z.object({}).strict()
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
