// The test commands, as in VS Code's Julia extension ("Julia: Run Tests") plus cancel and show.
// `reveal` shows the view wherever it is mounted (the bottom panel's Tests tab).
import { registerCommand, type Command } from '../../commands'
import { cancelTests, isTestRunning, runTests, useTests } from './tests-store'

export function registerTestCommands(reveal: () => void): () => void {
  const commands: Command[] = [
    {
      id: 'julia.runTests',
      title: 'Julia: Run Tests',
      when: () => !isTestRunning(),
      run: () => {
        reveal()
        return runTests()
      },
    },
    {
      id: 'julia.cancelTests',
      title: 'Julia: Cancel Tests',
      when: () => useTests.getState().report?.state === 'running',
      run: () => cancelTests(),
    },
    { id: 'julia.showTests', title: 'Julia: Show Test Results', run: reveal },
  ]
  const off = commands.map(registerCommand)
  return () => {
    for (const f of off) f()
  }
}
