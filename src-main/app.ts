// Composition root shared by both hosts: builds every service, wires the router, and owns
// disposal. The Electron host and the browser host differ only in the hooks they pass in.
import { homedir } from 'node:os'
import { err, ok, type AppInfo, type Events, type HostKind, type Result } from '../src-preload/contract'
import { DisposableStore } from './lib/disposable'
import { EventBus } from './lib/events'
import type { Logger } from './lib/log'
import { Router, type Handlers } from './router'
import { WorkspaceService } from './services/workspace/workspace-service'
import { SearchService } from './services/workspace/search-service'
import { BackupService } from './services/workspace/backup-service'
import { workspaceHandlers } from './services/workspace/handlers'
import { TerminalService } from './services/terminal/terminal-service'
import { terminalHandlers } from './services/terminal/handlers'
import { SettingsService } from './services/settings/settings-service'
import { settingsHandlers } from './services/settings/handlers'
import { SyntaxService } from './services/syntax/syntax-service'
import { DoctorService } from './services/doctor/doctor-service'
import { juliaHandlers } from './services/julia/handlers'
import { JuliaService } from './services/julia/julia-service'
import { TestRunService } from './services/julia/tests/test-run-service'
import { langHandlers } from './services/lang/handlers'
import { juliacHandlers } from './services/juliac/handlers'
import { BuildService } from './services/juliac/build-service'
import { InferenceService } from './services/inference/inference-service'
import { inferenceHandlers } from './services/inference/handlers'
import { AssistRequests } from './services/assist/requests'
import { EditService } from './services/assist/edit-service'
import { editHandlers } from './services/assist/edit-handlers'
import { CompleteService } from './services/assist/complete-service'
import { completeHandlers } from './services/assist/complete-handlers'
import { MonitorService } from './services/monitor/monitor-service'
import { monitorHandlers } from './services/monitor/handlers'
import { ownedProcessLabels } from './services/monitor/owned-processes'
import { parseReplay } from './services/monitor/replay-args'
import type { ReplayOptions } from './services/monitor/sampler'
import { ChatService } from './services/chat/chat-service'
import { chatHandlers } from './services/chat/handlers'
import { DiagnosticsMemo } from './services/chat/diagnostics-memo'
import { LangService } from './services/lang/lang-service'
import { LanguageServerService } from './services/lsp/language-server-service'
import { planFromSettings, wireLanguageServer } from './services/lsp/wiring'
import { version } from '../package.json'

export interface HostHooks {
  /** Native folder dialog; null where the host has none (the browser host). */
  pickFolder: (() => Promise<string | null>) | null
  /** Opens a URL outside Kiln; the caller has already checked it is https. */
  openExternal: ((url: string) => Promise<void>) | null
  /** The platform trash (Electron's shell.trashItem); null: the freedesktop.org spec on Linux. */
  trashItem?: ((absPath: string) => Promise<void>) | null
}

export interface KilnAppOptions {
  host: HostKind
  userDataDir: string
  initialFolder: string | null
  log: Logger
  hooks: HostHooks
}

export interface KilnApp {
  router: Router
  events: EventBus
  workspace: WorkspaceService
  dispose(): Promise<void>
}

/** Only `https:` URLs with a host leave Kiln (Electron's checklist: openExternal on parsed URLs). */
export const checkExternalUrl = (raw: string): Result<string> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return err('INVALID_ARGS', `not a URL: ${raw.slice(0, 200)}`)
  }
  if (url.protocol !== 'https:' || url.hostname === '') return err('PERMISSION', `only https links open outside Kiln: ${url.protocol}`)
  return ok(url.toString())
}

export async function createKilnApp(opts: KilnAppOptions): Promise<KilnApp> {
  const store = new DisposableStore()
  const events = new EventBus()
  const { emit } = events
  const { userDataDir, log } = opts

  const settings = store.add(new SettingsService({ userDataDir, emit, log }))
  const workspace = store.add(new WorkspaceService({ userDataDir, emit, log, trashItem: opts.hooks.trashItem ?? undefined }))
  store.add(workspace.onDidChangeRoot((root) => settings.setWorkspaceRoot(root)))
  const search = store.add(new SearchService({ workspace, emit, log }))
  const backups = store.add(new BackupService({ userDataDir, workspace, log }))
  const terminals = store.add(
    new TerminalService({
      emit,
      log,
      cwd: () => workspace.root ?? homedir(),
      shell: () => settings.getString('terminal.shell'),
    }),
  )
  const syntax = store.add(new SyntaxService({ log }))
  const doctor = new DoctorService({ settings })
  // The language server follows the open folder and its settings; the lang service asks it first.
  const languageServer = new LanguageServerService({ log, plan: planFromSettings(settings), clientVersion: version })
  store.add(wireLanguageServer(languageServer, { settings, workspace, events, emit }))
  const lang = store.add(new LangService({ workspace, events, emit, log, server: languageServer }))
  const julia = store.add(new JuliaService({ emit, log, terminals, settings, workspaceRoot: () => workspace.root, userDataDir }))
  store.add(workspace.onDidChangeRoot(() => void julia.workspaceChanged()))
  const tests = store.add(
    new TestRunService({
      julia: async () => (await julia.testTarget()).julia,
      environment: async () => (await julia.testTarget()).environment,
      workspaceRoot: () => workspace.root,
      emit,
      log,
    }),
  )
  const builds = store.add(
    new BuildService({
      workspaceRoot: () => workspace.root,
      settings,
      environment: async () => (await julia.testTarget()).environment,
      emit,
      log,
      userDataDir,
    }),
  )

  // The local model server (embedded engine or llama-server), a supervised child process.
  const inference = store.add(new InferenceService({ settings, emit, log, userDataDir }))
  // Edits proposed by the model (and completions) are requests the renderer can cancel by id.
  const assistRequests = store.add(new AssistRequests())
  const edits = store.add(
    new EditService({
      inference,
      emit,
      log,
      requests: assistRequests,
      maxTokens: () => settings.getNumber('chat.maxReplyTokens'),
      systemPrompt: () => settings.getString('chat.systemPrompt'),
    }),
  )
  const complete = store.add(
    new CompleteService({
      client: () => inference.client(),
      serverReady: async () => (await inference.status()).state === 'ready',
      enabled: () => settings.getBoolean('assist.completion'),
      requests: assistRequests,
      emit,
    }),
  )

  // Chat with the local model: conversations per workspace, @-context from the services.
  const diagnostics = new DiagnosticsMemo()
  store.add(
    events.subscribe((event, payload) => {
      if (event === 'lang:diagnostics') {
        const p = payload as Events['lang:diagnostics']
        diagnostics.record(p.path, p.diagnostics)
      }
    }),
  )
  store.add(workspace.onDidChangeRoot(() => diagnostics.clear()))
  const chat = new ChatService({
    client: () => inference.client(),
    // llama-server splits -c across its slots: a conversation gets one slot's context.
    contextSize: async () => (await inference.status()).slots[0]?.nCtx || null,
    settings,
    emit,
    log,
    userDataDir,
    workspaceRoot: () => workspace.root,
    replOutput: () => {
      const t = terminals.list().find((x) => x.kind === 'julia' && x.exit === undefined)
      return t ? terminals.recentOutput(t.id) : null
    },
    terminalOutput: () => {
      const t = terminals.list().filter((x) => x.kind === 'shell').at(-1)
      return t ? terminals.recentOutput(t.id) : null
    },
    langDiagnostics: () => diagnostics.all(),
    lastBuild: async () => (workspace.root === null ? null : ((await builds.history().all()).at(-1)?.record ?? null)),
    readFile: async (path) => (await workspace.read(path)).content,
  })

  // The system monitor samples in a worker; slowly until a monitor view is visible (the status bar
  // shows a compact reading). KILN_MONITOR_REPLAY feeds recorded tool output and sysfs instead.
  const monitor = store.add(
    new MonitorService({
      settings,
      emit,
      log,
      events,
      replay: monitorReplay(process.env.KILN_MONITOR_REPLAY, log),
      labels: () =>
        ownedProcessLabels({
          terminals: () => terminals.list(),
          inference: () => inference.pid,
          build: () => builds.pid,
          tests: () => tests.pid,
          languageServer: () => languageServer.pid,
        }),
    }),
  )
  monitor.start()

  const info = (): AppInfo => ({
    version,
    host: opts.host,
    platform: process.platform,
    home: homedir(),
    initialFolder: opts.initialFolder,
  })

  const handlers: Handlers = {
    'app:info': () => ok(info()),
    'app:openExternal': async ({ url }) => {
      const checked = checkExternalUrl(url)
      if (!checked.ok) return checked
      if (!opts.hooks.openExternal) return err('UNSUPPORTED', 'this host opens links in the browser itself')
      await opts.hooks.openExternal(checked.value)
      return ok(null)
    },
    'workspace:pickFolder': async () => {
      if (!opts.hooks.pickFolder) return err('UNSUPPORTED', 'no native folder dialog in the browser host')
      return ok(await opts.hooks.pickFolder())
    },
    ...workspaceHandlers({ workspace, search, backups }),
    ...terminalHandlers(terminals),
    ...settingsHandlers(settings),
    'syntax:analyze': async ({ content }) => ok(await syntax.analyze(content)),
    'doctor:run': async () => ok(await doctor.run()),
    ...juliaHandlers(julia, tests),
    ...langHandlers(lang, () => languageServer.restart()),
    ...juliacHandlers(builds, () => workspace.root),
    ...inferenceHandlers(inference),
    ...monitorHandlers(monitor),
    ...chatHandlers(chat),
    ...editHandlers(edits, assistRequests),
    ...completeHandlers(complete),
  }

  if (opts.initialFolder) {
    const opened = await workspace.open(opts.initialFolder)
    if (!opened.ok) log.warn(`could not open ${opts.initialFolder}: ${opened.message}`)
  }

  return {
    router: new Router(handlers, log),
    events,
    workspace,
    async dispose() {
      await terminals.shutdown()
      await languageServer.shutdown()
      await chat.shutdown()
      await inference.shutdown()
      await monitor.shutdown()
      store.dispose()
    },
  }
}

/** KILN_MONITOR_REPLAY (the `kiln monitor --replay` syntax): a bad value is logged and the live machine used. */
function monitorReplay(spec: string | undefined, log: Logger): ReplayOptions | undefined {
  if (!spec) return undefined
  try {
    return parseReplay(spec)
  } catch (e) {
    log.warn(`KILN_MONITOR_REPLAY ignored: ${e instanceof Error ? e.message : String(e)}`)
    return undefined
  }
}
