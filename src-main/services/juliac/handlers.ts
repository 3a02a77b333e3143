// The `juliac:*` channels: configurations, builds, their outputs, run and ship.
import { ok, type Channel } from '../../../src-preload/contract'
import { KilnError, type HandlerMap } from '../../router'
import type { BuildService } from './build-service'
import { configNamed, readConfigs, saveConfigs } from './configs'
import { newProject } from './new-project'
import { artifactReport, inspectFile, packageFor, runBuild } from './outputs'
import { generateFile } from './ship/generate'
import { templatesDir } from './templates'

export type JuliacChannel = Extract<Channel, `juliac:${string}`>

export function juliacHandlers(builds: BuildService, workspaceRoot: () => string | null): HandlerMap<JuliacChannel> {
  const root = (): string => {
    const r = workspaceRoot()
    if (!r) throw new KilnError('NO_WORKSPACE', 'open a folder first')
    return r
  }
  return {
    'juliac:status': async () => ok(await builds.status()),
    'juliac:configs': async () => {
      const r = workspaceRoot()
      if (!r) return ok({ configs: [], file: '.kiln/builds.json', exists: false, problems: [] })
      const { syntaxError: _, ...configs } = await readConfigs(r)
      return ok(configs)
    },
    'juliac:saveConfigs': async ({ configs }) => ok(await saveConfigs(root(), configs)),
    'juliac:newProject': async ({ name, folder }) => ok(await newProject(root(), folder, name, await templatesDir())),
    'juliac:build': async ({ config, force, trim }) => ok(await builds.start(config, { force, trim })),
    'juliac:cancel': ({ buildId }) => {
      builds.cancel(buildId)
      return ok(null)
    },
    'juliac:history': async ({ config }) => ok(await builds.records(config)),
    'juliac:log': async ({ buildId }) => ok(await builds.logOf(buildId)),
    'juliac:artifacts': async ({ buildId }) => ok(await artifactReport(root(), builds.history(root()), buildId)),
    'juliac:inspect': async ({ path }) => ok(await inspectFile(root(), builds.history(root()), path)),
    'juliac:run': async ({ buildId, args, timeoutS, memoryMb, network }) => ok(await runBuild(root(), builds.history(root()), buildId, { args, timeoutS, memoryMb, network })),
    'juliac:package': async ({ buildId, version }) => ok(await packageFor(root(), builds.history(root()), buildId, version, await templatesDir())),
    'juliac:generate': async ({ config, kind }) => {
      const r = root()
      return ok(await generateFile(kind, r, await configNamed(r, config), await templatesDir()))
    },
  }
}
