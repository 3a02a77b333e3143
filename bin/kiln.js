#!/usr/bin/env node
// The `kiln` command. Plain CommonJS so it runs on any Node >= 20 without a build step of its own;
// the CLI itself is built by electron-vite into out/main/cli.js.
'use strict'

const { existsSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
// KILN_OUT_DIR: a build made somewhere other than out/ (relative to the checkout).
const cli = join(root, process.env.KILN_OUT_DIR || 'out', 'main', 'cli.js')

if (!existsSync(cli)) {
  process.stderr.write(`kiln: Kiln is not built yet (${cli} is missing).\nRun \`npm run build\` in ${root} first.\n`)
  process.exit(1)
}

require(cli)
  .runCli(process.argv.slice(2))
  .then(
    (code) => {
      // Exit once stdout is flushed, even if some handle (a timer, a socket) would keep Node alive.
      process.stdout.write('', () => process.exit(code))
    },
    (error) => {
      process.stderr.write(`kiln: ${error && error.stack ? error.stack : String(error)}\n`)
      process.exit(1)
    },
  )
