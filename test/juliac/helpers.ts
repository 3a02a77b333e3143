// Shared set-up for the build tests: a workspace with a small Julia program and a build
// configuration, and a BuildService that finds the juliac double through the
// `juliac.executablePath` setting (with no Julia on PATH, as on these machines).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BuildConfig, EventName, Events } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { BuildService, type BuildServiceOptions } from '../../src-main/services/juliac/build-service'

export const DOUBLE = join(__dirname, '../fixtures/juliac-double/juliac')

export const APP_JL = `module App

function (@main)(ARGS)
    println(Core.stdout, "hello")
    return 0
end

end
`

export function tempDir(prefix = 'kiln-juliac-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)))
}

export function config(over: Partial<BuildConfig> = {}): BuildConfig {
  return {
    name: 'app', entry: 'src/App.jl', output: 'exe', bundle: 'build/app', trim: 'safe', experimental: true,
    compileCcallable: false, privatize: false, cpuTarget: null, project: '.', extraArgs: [], ...over,
  }
}

/** A workspace: Project.toml, src/App.jl and `.kiln/builds.json` with the given configurations. */
export function makeWorkspace(configs: BuildConfig[] = [config()], appJl = APP_JL): string {
  const root = tempDir('kiln-ws-')
  mkdirSync(join(root, 'src'), { recursive: true })
  mkdirSync(join(root, '.kiln'))
  writeFileSync(join(root, 'Project.toml'), 'name = "App"\nuuid = "3c1d8a7e-6f0b-4d4e-9a55-1f2e3d4c5b6a"\nversion = "0.1.0"\n')
  writeFileSync(join(root, 'src', 'App.jl'), appJl)
  writeFileSync(join(root, '.kiln', 'builds.json'), JSON.stringify({ builds: configs }, null, 2))
  return root
}

export type Collected = { events: { name: EventName; payload: unknown }[]; of<E extends EventName>(name: E): Events[E][] }

export function collector(): Collected & { emit: BuildServiceOptions['emit'] } {
  const events: { name: EventName; payload: unknown }[] = []
  return {
    events,
    emit: (name, payload) => void events.push({ name, payload }),
    of: <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as Events[E]),
  }
}

/** The double's environment: no pacing unless asked, a shared ELF cache, no Julia on PATH. */
export function doubleEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', HOME: process.env.HOME, TMPDIR: tmpdir(), KILN_JULIAC_DELAY: '0', ...extra }
}

export function makeService(root: string, over: Partial<BuildServiceOptions> & { juliac?: string; scenario?: string } = {}) {
  const c = collector()
  const userDataDir = tempDir('kiln-ud-')
  const { scenario, juliac: juliacPath, env: extraEnv, ...rest } = over
  const env = doubleEnv(scenario ? { KILN_JULIAC_SCENARIO: scenario } : {})
  const juliac = juliacPath ?? DOUBLE
  const service = new BuildService({
    workspaceRoot: () => root,
    settings: { getString: (k) => (k === 'juliac.executablePath' ? juliac : '') },
    emit: c.emit,
    log: memoryLogger(),
    userDataDir,
    env: { ...env, ...extraEnv },
    graceMs: 300,
    retryDelayMs: 10,
    ...rest,
  })
  return { service, events: c, userDataDir, cleanup: () => { service.dispose(); rmSync(userDataDir, { recursive: true, force: true }); rmSync(root, { recursive: true, force: true }) } }
}
