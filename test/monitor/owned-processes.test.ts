// The monitor's names for Kiln's children come from the pids the services hold.
import { describe, expect, it } from 'vitest'
import { ownedProcessLabels } from '../../src-main/services/monitor/owned-processes'

describe('ownedProcessLabels', () => {
  it('names the REPL, terminals, the model server, a build, tests and the language server by pid', () => {
    const labels = ownedProcessLabels({
      terminals: () => [
        { id: 't1', kind: 'shell', title: 'bash', shell: '/bin/bash', pid: 101, cwd: '/w' },
        { id: 't2', kind: 'julia', title: 'Julia REPL', shell: 'julia', pid: 102, cwd: '/w' },
        { id: 't3', kind: 'shell', title: 'exited', shell: '/bin/bash', pid: -1, cwd: '/w' },
      ],
      inference: () => 201,
      build: () => 301,
      tests: () => null,
      languageServer: () => 401,
    })
    expect([...labels.entries()]).toEqual([
      [101, { kind: 'terminal', label: 'Terminal: bash' }],
      [102, { kind: 'julia', label: 'Julia REPL' }],
      [201, { kind: 'inference', label: 'Model server' }],
      [301, { kind: 'juliac', label: 'juliac build' }],
      [401, { kind: 'language-server', label: 'Language server' }],
    ])
  })
})
