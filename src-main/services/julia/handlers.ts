// Contract channels for the Julia REPL and environments. The service throws KilnError (NOT_FOUND
// when there is no julia, PROCESS when it died, TIMEOUT, CANCELLED); the router turns those into
// typed results. Test runs belong to the test runner (src-main/services/julia/tests/), passed in
// when there is one.
import { err, ok, type Channel } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { JuliaService } from './julia-service'

export type JuliaChannel = Extract<Channel, `julia:${string}`>

/** What the julia:test* channels need from the test runner. */
export interface TestRunnerLike {
  run(): Promise<{ runId: string }>
  cancel(runId: string): void
}

export function juliaHandlers(julia: JuliaService, tests: TestRunnerLike | null = null): HandlerMap<JuliaChannel> {
  const noTests = () => err('UNSUPPORTED', 'running tests is not available in this build')
  return {
    'julia:status': async () => ok(await julia.status()),
    'julia:start': async ({ cols, rows }) => ok(await julia.start(cols, rows)),
    'julia:restart': async ({ cols, rows }) => ok(await julia.restart(cols, rows)),
    'julia:stop': async () => {
      await julia.stop()
      return ok(null)
    },
    'julia:interrupt': () => {
      julia.interrupt()
      return ok(null)
    },
    'julia:eval': async (args) => ok(await julia.eval(args)),
    'julia:variables': async () => ok(await julia.variables()),
    'julia:environments': async () => ok(await julia.environments()),
    'julia:setEnvironment': async ({ key }) => ok(await julia.setEnvironment(key)),
    'julia:environment': async ({ key }) => ok(await julia.environment(key)),
    'julia:pkg': async ({ op, packages }) => {
      await julia.pkg(op, packages)
      return ok(null)
    },
    'julia:testRun': async () => (tests ? ok(await tests.run()) : noTests()),
    'julia:testCancel': ({ runId }) => {
      if (!tests) return noTests()
      tests.cancel(runId)
      return ok(null)
    },
  }
}
