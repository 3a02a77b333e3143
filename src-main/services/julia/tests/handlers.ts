// The two test channels, for the julia handlers to spread into theirs.
import { ok } from '../../../../src-preload/contract'
import type { HandlerMap } from '../../../router'
import type { TestRunService } from './test-run-service'

export function testRunHandlers(tests: Pick<TestRunService, 'run' | 'cancel'>): HandlerMap<'julia:testRun' | 'julia:testCancel'> {
  return {
    'julia:testRun': async () => ok(await tests.run()),
    'julia:testCancel': ({ runId }) => {
      tests.cancel(runId)
      return ok(null)
    },
  }
}
