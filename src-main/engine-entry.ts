// out/main/engine.js: the embedded inference engine as its own program, the same code as
// `kiln engine`. The main process runs it as a child (Node, or Electron with ELECTRON_RUN_AS_NODE=1)
// so a model that makes llama.cpp abort cannot take Kiln down.
import { engineCommand } from './cli/engine'

engineCommand(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
}).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (error: unknown) => {
    process.stderr.write(`kiln-engine: error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  },
)
