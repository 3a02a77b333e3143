// Prints `N passed, N failed` from vitest's JSON report (the plain closing line CI reads).
// A missing or unreadable report (the build failed before tests ran) counts as one failure.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'test-results/vitest.json'
let passed = 0
let failed = 0
try {
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed = report.numPassedTests ?? 0
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0)
  // A suite that failed to load has no tests but still failed.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1
  }
  if (passed + failed === 0) {
    console.log('no tests ran')
    failed = 1
  }
} catch (e) {
  console.log(`no test report at ${file}: ${e instanceof Error ? e.message : String(e)}`)
  failed = 1
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
