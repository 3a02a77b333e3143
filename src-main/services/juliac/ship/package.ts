// `juliac:package`: a build's output as `dist/NAME-VERSION-PLATFORM.tar.gz`, one top folder
// holding the bundle as juliac wrote it, plus
//   deploy.sh     runs the program with the bundle's lib folders on the library path
//   manifest.json flags, Julia and juliac versions, CPU target, build time, sizes
//   SHA256SUMS    every file's SHA-256 (`sha256sum -c SHA256SUMS` inside the folder checks them)
// The archive is written to a temporary name and renamed into place when complete.
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { BuildConfig, BuildRecord, PackageResult, SizeBreakdown } from '../../../../src-preload/contract'
import { KilnError } from '../../../router'
import { tempNameFor } from '../../workspace/atomic'
import { fill } from '../templates'
import { TarGzWriter } from './tar'

export function platformTag(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = platform === 'darwin' ? 'macos' : platform === 'win32' ? 'windows' : platform
  const cpu = arch === 'x64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : arch === 'ia32' ? 'i686' : arch
  return `${os}-${cpu}`
}

type Item = { rel: string; type: 'file' | 'dir' | 'symlink'; abs: string; size: number; mode: number; link?: string }

/** The output tree; symbolic links that stay inside it are kept as links, others are followed. */
async function collect(root: string): Promise<Item[]> {
  const items: Item[] = []
  const walk = async (abs: string, rel: string): Promise<void> => {
    for (const e of (await readdir(abs, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(abs, e.name)
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      const st = await lstat(p)
      if (st.isSymbolicLink()) {
        const target = await readlink(p)
        const inside = !posix.isAbsolute(target) && !posix.normalize(posix.join(posix.dirname(r), target)).startsWith('..')
        if (inside) {
          items.push({ rel: r, type: 'symlink', abs: p, size: 0, mode: 0o777, link: target })
          continue
        }
        const real = await stat(p).catch(() => null)
        if (real?.isFile()) items.push({ rel: r, type: 'file', abs: p, size: real.size, mode: real.mode })
      } else if (st.isDirectory()) {
        items.push({ rel: r, type: 'dir', abs: p, size: 0, mode: 0o755 })
        await walk(p, r)
      } else if (st.isFile()) items.push({ rel: r, type: 'file', abs: p, size: st.size, mode: st.mode })
    }
  }
  await walk(root, '')
  return items
}

export type PackageInput = {
  root: string
  record: BuildRecord
  config: BuildConfig | null
  version: string
  juliacVersion: string | null
  sizes: SizeBreakdown
  templatesDir: string
}

export async function packageBuild(p: PackageInput): Promise<PackageResult> {
  const { record } = p
  if (!record.outputDir || !record.artifact) throw new KilnError('NOT_FOUND', `build ${record.id} has no output to package`)
  const outDir = join(p.root, record.outputDir)
  const exeRel = posix.relative(record.outputDir, record.artifact)
  const platform = platformTag()
  const top = `${record.config}-${p.version}-${platform}`
  const items = await collect(outDir).catch((e: NodeJS.ErrnoException) => {
    throw new KilnError('NOT_FOUND', `the output of build ${record.id.slice(0, 8)} is gone (${record.outputDir}): build again (${e.code ?? e.message})`)
  })
  if (!items.some((i) => i.rel === exeRel)) throw new KilnError('NOT_FOUND', `${record.artifact} is gone: build again`)
  const mtime = record.endedAt ?? Date.now()
  const dist = join(p.root, 'dist')
  await mkdir(dist, { recursive: true })
  const target = join(dist, `${top}.tar.gz`)
  const temp = tempNameFor(target)
  const tar = new TarGzWriter(temp)
  const files: string[] = []
  const sums: string[] = []
  const modeOf = (mode: number): number => (mode & 0o111 ? 0o755 : 0o644)
  try {
    await tar.dir(top, mtime)
    for (const it of items) {
      const path = `${top}/${it.rel}`
      if (it.type === 'dir') await tar.dir(path, mtime)
      else if (it.type === 'symlink') await tar.symlink(path, it.link!, mtime)
      else sums.push(`${await tar.file(path, { path: it.abs, size: it.size }, modeOf(it.mode), mtime)}  ${it.rel}`)
      files.push(it.type === 'dir' ? `${path}/` : path)
    }
    const deploy = fill(await readFile(join(p.templatesDir, 'deploy.sh'), 'utf8'), { NAME: record.config, EXE: exeRel })
    sums.push(`${await tar.file(`${top}/deploy.sh`, Buffer.from(deploy), 0o755, mtime)}  deploy.sh`)
    files.push(`${top}/deploy.sh`)
    const manifest = {
      name: record.config,
      version: p.version,
      platform,
      executable: exeRel,
      buildId: record.id,
      builtAt: new Date(mtime).toISOString(),
      juliaVersion: record.metrics?.juliaVersion ?? null,
      juliacVersion: p.juliacVersion,
      cpuTarget: p.config?.cpuTarget ?? null,
      trim: p.config?.trim ?? null,
      flags: record.metrics?.flags ?? [],
      sizes: p.sizes,
      files: sums.length,
    }
    sums.push(`${await tar.file(`${top}/manifest.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 0o644, mtime)}  manifest.json`)
    files.push(`${top}/manifest.json`)
    await tar.file(`${top}/SHA256SUMS`, Buffer.from(`${sums.join('\n')}\n`), 0o644, mtime)
    files.push(`${top}/SHA256SUMS`)
    const done = await tar.finish()
    await rename(temp, target)
    return { tarball: `dist/${top}.tar.gz`, sha256: done.sha256, bytes: done.bytes, files }
  } catch (e) {
    tar.abort()
    await rm(temp, { force: true })
    throw e
  }
}
