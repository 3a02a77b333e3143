// Builds a JuliaService on a real TerminalService (real ptys) for end-to-end tests against a
// `julia` stand-in: the julia-side helper's double, or test/julia/fake/julia for edge cases.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventName, Events, JuliaState } from '../../src-preload/contract'
import type { Emit } from '../../src-main/lib/events'
import { memoryLogger } from '../../src-main/lib/log'
import { JuliaService, type JuliaServiceOptions } from '../../src-main/services/julia/julia-service'
import { TerminalService } from '../../src-main/services/terminal/terminal-service'

export const DOUBLE = join(__dirname, '..', 'fixtures', 'julia-double', 'julia')
export const FAKE = join(__dirname, 'fake', 'julia')
export const KILN_JL = join(__dirname, '..', '..', 'resources', 'julia', 'kiln.jl')

type Sent = { [E in EventName]: { event: E; payload: Events[E] } }[EventName]

export interface Harness {
  julia: JuliaService
  /** Where the side channel's socket folders go. */
  socketBase: string
  terminals: TerminalService
  root: string
  userData: string
  sent: Sent[]
  log: ReturnType<typeof memoryLogger>
  events<E extends EventName>(event: E): Events[E][]
  /** Terminal output so far, as one string. */
  output(id: string): string
  waitFor(check: () => boolean, what: string, ms?: number): Promise<void>
  waitForState(state: JuliaState, ms?: number): Promise<void>
  dispose(): Promise<void>
}

export async function harness(opts: {
  julia?: string
  env?: Record<string, string>
  settings?: Record<string, string>
  service?: Partial<JuliaServiceOptions>
} = {}): Promise<Harness> {
  const base = await mkdtemp(join(tmpdir(), 'kiln-jsvc-'))
  const root = join(base, 'work')
  const userData = join(base, 'user')
  const home = join(base, 'home')
  await mkdir(join(root, 'src'), { recursive: true })
  await mkdir(userData)
  await mkdir(home)
  await writeFile(join(root, 'Project.toml'), 'name = "Demo"\nuuid = "8b0c5d6e-1f8a-4c47-9a55-3f0a0f6b2c11"\n')
  const sent: Sent[] = []
  const emit: Emit = (event, payload) => void sent.push({ event, payload } as Sent)
  const log = memoryLogger()
  const env = { PATH: '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', ...opts.env }
  const terminals = new TerminalService({ emit, log, cwd: () => root, shell: () => '/bin/sh', env, killGraceMs: 500 })
  const settings: Record<string, string> = { 'julia.executablePath': opts.julia ?? DOUBLE, 'julia.channel': '', 'julia.threads': '2', ...opts.settings }
  const julia = new JuliaService({
    emit,
    log,
    terminals,
    settings: { getString: (k) => settings[k] ?? '' },
    workspaceRoot: () => root,
    userDataDir: userData,
    env,
    home,
    kilnJl: async () => KILN_JL,
    startTimeoutMs: 15_000,
    tmpdir: base,
    killGraceMs: 500,
    ...opts.service,
  })
  const events = <E extends EventName>(event: E): Events[E][] => sent.flatMap((s) => (s.event === event ? [s.payload as Events[E]] : []))
  const waitFor = async (check: () => boolean, what: string, ms = 10_000): Promise<void> => {
    const start = Date.now()
    while (!check()) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; log:\n${log.lines.join('\n')}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  return {
    julia,
    socketBase: base,
    terminals,
    root,
    userData,
    sent,
    log,
    events,
    output: (id) => events('terminal:data').filter((d) => d.id === id).map((d) => d.data).join(''),
    waitFor,
    waitForState: (state, ms) => waitFor(() => events('julia:status').at(-1)?.state === state, `state ${state}`, ms),
    async dispose() {
      julia.dispose()
      await terminals.shutdown()
      await rm(base, { recursive: true, force: true })
    },
  }
}
