// What can be done with a finished build: its artifact report (tree, sizes, diff), the ELF report
// of a file in the workspace, a confined run of its program, and its package.
import { join } from 'node:path'
import type { ArtifactReport, BuildRecord, ElfReport, PackageResult, RunResult } from '../../../src-preload/contract'
import { KilnError } from '../../router'
import { isInside, resolveTarget, toRel } from '../workspace/confine'
import { diffOutputs, listOutput, sizesOf } from './artifacts'
import { readConfigs } from './configs'
import { inspectElf } from './elf/report'
import type { BuildHistory, StoredBuild } from './history'
import { runProgram, type RunOptions } from './run/run-program'
import { packageBuild } from './ship/package'

/** A build with output: a succeeded one, or a skip standing for one. */
async function withOutput(history: BuildHistory, buildId: string): Promise<StoredBuild> {
  const b = await history.get(buildId)
  if (!b) throw new KilnError('NOT_FOUND', `no build ${buildId}`)
  if (b.record.state === 'skipped' && b.sameAs) {
    const base = await history.get(b.sameAs)
    if (base) return base
  }
  if (b.record.state === 'running') throw new KilnError('CONFLICT', `build ${buildId.slice(0, 8)} is still running`)
  if (b.record.state !== 'succeeded' || !b.record.outputDir || !b.record.artifact) {
    throw new KilnError('NOT_FOUND', `build ${buildId.slice(0, 8)} of ${b.record.config} ${b.record.state}: it has no output`)
  }
  return b
}

export async function artifactReport(root: string, history: BuildHistory, buildId: string): Promise<ArtifactReport> {
  const b = await withOutput(history, buildId)
  const outRel = b.record.outputDir!
  const productRel = b.record.artifact!.slice(outRel.length + 1)
  const entries = b.entries ?? (await listOutput(join(root, outRel), productRel))
  const all = await history.all(b.record.config)
  const earlier = all.slice(0, all.findIndex((x) => x.record.id === b.record.id)).filter((x) => x.record.state === 'succeeded' && x.entries)
  const prev = earlier.at(-1)
  return { buildId, root: outRel, entries, sizes: sizesOf(entries), diff: prev ? diffOutputs(prev.record.id, prev.entries!, entries) : null }
}

/** The bundle's lib folders for a file: of the build whose output holds it, else `X/lib` for `X/bin/f`. */
async function libDirsFor(root: string, history: BuildHistory, abs: string): Promise<string[]> {
  for (const b of (await history.all()).reverse()) {
    if (!b.record.outputDir) continue
    const out = join(root, b.record.outputDir)
    if (isInside(out, abs)) return [join(out, 'lib'), join(out, 'lib', 'julia')]
  }
  const parts = toRel(root, abs).split('/')
  const bin = parts.lastIndexOf('bin')
  if (bin >= 0) {
    const base = join(root, ...parts.slice(0, bin))
    return [join(base, 'lib'), join(base, 'lib', 'julia')]
  }
  return []
}

export async function inspectFile(root: string, history: BuildHistory, rel: string): Promise<ElfReport> {
  const abs = await resolveTarget(root, rel)
  const report = await inspectElf(abs, { bundleLibDirs: await libDirsFor(root, history, abs) })
  return { ...report, path: toRel(root, abs) }
}

export async function runBuild(root: string, history: BuildHistory, buildId: string, o: RunOptions): Promise<RunResult> {
  const b = await withOutput(history, buildId)
  const config = (await readConfigs(root)).configs.find((c) => c.name === b.record.config)
  if (config && config.output !== 'exe') throw new KilnError('UNSUPPORTED', `${b.record.config} is a ${config.output === 'lib' ? 'library' : 'system image'}, not a program to run`)
  // Only the build's own artifact, and only inside the workspace (a symbolic link may not lead out).
  const program = await resolveTarget(root, b.record.artifact!)
  return runProgram(program, o)
}

export async function packageFor(root: string, history: BuildHistory, buildId: string, version: string, templatesDir: string): Promise<PackageResult> {
  const b = await withOutput(history, buildId)
  await resolveTarget(root, b.record.outputDir!)
  const config = (await readConfigs(root)).configs.find((c) => c.name === b.record.config) ?? null
  const entries = b.entries ?? (await listOutput(join(root, b.record.outputDir!), null))
  const record: BuildRecord = b.record
  return packageBuild({ root, record, config, version, juliacVersion: b.juliacVersion, sizes: sizesOf(entries), templatesDir })
}
