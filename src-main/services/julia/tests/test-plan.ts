// Decides how to run a package's tests, before anything is started, and says clearly why it
// cannot when the environment is not a testable package.
// - `Pkg.test()` is Julia's standard way (Pkg.jl docs, "Adding tests to the package"): it builds
//   the test environment from [extras]/[targets] or test/Project.toml and runs test/runtests.jl
//   in a fresh process. A TestItemRunner project's runtests.jl is `using TestItemRunner;
//   @run_package_tests` (TestItemRunner.jl README, "Integrating with the base test system"), so
//   Pkg.test() runs its @testitems too; we only label the run 'TestItemRunner' (its summary is
//   nested Package > file > test item).
// - With no runtests.jl but @testitems, TestItemRunner runs them directly. `@run_package_tests`
//   expands to `run_tests(joinpath(dirname(__source__.file), ".."))` (TestItemRunner.jl
//   src/TestItemRunner.jl); for `-e` code the file is `none`, so the path is `..` from the working
//   folder: we start in `<pkg>/test`.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { KilnError } from '../../../router'

export type JuliaCommand = { path: string; args: string[] }
export type TestPlan = {
  runner: 'Pkg.test' | 'TestItemRunner'
  packageName: string
  file: string
  args: string[]
  cwd: string
}

const PKG_TEST = 'using Pkg; Pkg.test()'
const TESTITEMS_IN_TEST = 'using TestItemRunner; @run_package_tests'
const TESTITEMS_AT_ROOT = 'using TestItemRunner; TestItemRunner.run_tests(pwd())'

const isDir = async (p: string): Promise<boolean> => (await stat(p).catch(() => null))?.isDirectory() ?? false
const isFile = async (p: string): Promise<boolean> => (await stat(p).catch(() => null))?.isFile() ?? false

type Project = { name?: unknown; deps?: unknown; extras?: unknown }

async function readProject(file: string): Promise<Project | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return null
  }
  try {
    return parse(text) as Project
  } catch (e) {
    throw new KilnError('INVALID_ARGS', `${file} is not valid TOML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`)
  }
}

const lists = (p: Project | null, name: string): boolean =>
  [p?.deps, p?.extras].some((t) => typeof t === 'object' && t !== null && Object.hasOwn(t, name))

/** Whether the package uses TestItemRunner: a dependency on it, or `@testitem`s in test/*.jl. */
export async function usesTestItemRunner(pkgDir: string, project: Project | null): Promise<boolean> {
  if (lists(project, 'TestItemRunner')) return true
  const testDir = join(pkgDir, 'test')
  if (lists(await readProject(join(testDir, 'Project.toml')).catch(() => null), 'TestItemRunner')) return true
  const names = await readdir(testDir).catch(() => [] as string[])
  for (const name of names.filter((n) => n.endsWith('.jl')).slice(0, 200)) {
    const text = await readFile(join(testDir, name), 'utf8').catch(() => '')
    if (/^\s*@testitem\b/m.test(text)) return true
  }
  return false
}

/** Plans the run for the package at `pkgDir` (absolute); throws KilnError with what to do instead. */
export async function planTestRun(pkgDir: string, julia: JuliaCommand): Promise<TestPlan> {
  let projectFile = join(pkgDir, 'Project.toml')
  if (!(await isFile(projectFile)) && (await isFile(join(pkgDir, 'JuliaProject.toml')))) projectFile = join(pkgDir, 'JuliaProject.toml')
  const project = await readProject(projectFile)
  if (!project) throw new KilnError('NOT_FOUND', `no Project.toml in ${pkgDir}: choose a package's environment to run its tests`)
  if (typeof project.name !== 'string' || project.name === '')
    throw new KilnError('UNSUPPORTED', `the active environment (${pkgDir}) is not a package: its Project.toml has no name, so it has no tests to run`)
  const packageName = project.name
  const testDir = join(pkgDir, 'test')
  const testItems = await usesTestItemRunner(pkgDir, project)
  const base = [...julia.args]
  if (await isFile(join(testDir, 'runtests.jl'))) {
    return { runner: testItems ? 'TestItemRunner' : 'Pkg.test', packageName, file: julia.path, args: [...base, `--project=${pkgDir}`, '-e', PKG_TEST], cwd: pkgDir }
  }
  if (testItems) {
    const inTest = await isDir(testDir)
    const env = inTest && (await isFile(join(testDir, 'Project.toml'))) ? testDir : pkgDir
    return {
      runner: 'TestItemRunner',
      packageName,
      file: julia.path,
      args: [...base, `--project=${env}`, '-e', inTest ? TESTITEMS_IN_TEST : TESTITEMS_AT_ROOT],
      cwd: inTest ? testDir : pkgDir,
    }
  }
  throw new KilnError('NOT_FOUND', `${packageName} has no tests: add test/runtests.jl (Pkg.test runs it)`)
}
