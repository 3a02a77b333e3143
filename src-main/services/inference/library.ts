// The model library: GGUF files found in the model folders, each with what its header says.
// Walks with async fs (a folder of thousands of files never blocks the main process), reads headers
// four at a time, and remembers them by path + size + mtime so a rescan reads only what changed.
import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { ModelEntry, ModelFolder, ModelFolderSource, ModelLibrary } from '../../../src-preload/contract'
import { summarizeGgufFile, type GgufSummary, type GgufTensorTypeUse } from './gguf/summary'
import { modelFolders, type LibraryOptions } from './library-folders'

export { modelFolders, type LibraryOptions } from './library-folders'

const MAX_DEPTH = 6
const HEADER_CONCURRENCY = 4
/** `name-00001-of-00003.gguf`: llama.cpp's gguf-split naming. */
const SPLIT = /^(.*)-(\d{5})-of-(\d{5})\.gguf$/i
/** Vision projectors (llava/mtmd `--mmproj`) are GGUF files but not models. */
const MMPROJ = /(^|[-_.])mmproj([-_.]|$)/i

type Found = { path: string; name: string; size: number; mtimeMs: number }
type Header = { summary: GgufSummary } | { error: string }

export class ModelLibraryScanner {
  private readonly headers = new Map<string, Header>()
  private last: { key: string; library: Promise<ModelLibrary> } | null = null

  /** The library; the last scan's answer for the same options unless `rescan`. */
  scan(o: LibraryOptions, opts: { rescan?: boolean } = {}): Promise<ModelLibrary> {
    const key = JSON.stringify([o.modelsPath, o.home, o.platform, o.env.LLAMA_CACHE, o.env.HF_HOME, o.env.HF_HUB_CACHE, o.env.LOCALAPPDATA, o.env.XDG_CACHE_HOME])
    if (opts.rescan !== true && this.last?.key === key) return this.last.library
    const library = this.scanNow(o)
    this.last = { key, library }
    library.catch(() => {
      if (this.last?.library === library) this.last = null
    })
    return library
  }

  private async scanNow(o: LibraryOptions): Promise<ModelLibrary> {
    const t0 = performance.now()
    const folders: ModelFolder[] = []
    const models: ModelEntry[] = []
    const seenFiles = new Set<string>()
    const live = new Set<string>()
    for (const { path, source } of modelFolders(o)) {
      const folder: ModelFolder = { path, source, exists: true, models: 0, error: null }
      folders.push(folder)
      const found: Found[] = []
      try {
        const root = await stat(path)
        if (!root.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
        await walk(path, source === 'huggingface', found)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT') folder.exists = false
        else folder.error = code === 'EACCES' || code === 'EPERM' ? `permission denied: Kiln cannot read ${path}` : code === 'ENOTDIR' ? `${path} is not a folder` : `cannot read ${path}: ${(e as Error).message}`
        continue
      }
      // The same file reached through two folders (a setting inside LM Studio's folder) is listed once.
      const unique: Found[] = []
      for (const f of found) {
        const real = await realpath(f.path).catch(() => f.path)
        if (seenFiles.has(real)) continue
        seenFiles.add(real)
        unique.push(f)
      }
      for (const f of unique) live.add(cacheKey(f))
      const entries = await mapLimit(groupSplits(unique), HEADER_CONCURRENCY, (g) => this.entry(g, path, source))
      const listed = entries.filter((e): e is ModelEntry => e !== null)
      folder.models = listed.length
      models.push(...listed)
    }
    // Forget headers of files that are gone or changed.
    for (const k of this.headers.keys()) if (!live.has(k)) this.headers.delete(k)
    return { folders, models, scannedMs: Math.round(performance.now() - t0) }
  }

  private async entry(g: SplitGroup, folder: string, source: ModelFolderSource): Promise<ModelEntry | null> {
    const first = g.parts[0]!
    const base = { path: first.path, fileName: first.name, folder, source, fileSize: g.parts.reduce((s, p) => s + p.size, 0) }
    if (g.missing.length > 0) {
      const name = g.stem
      return { ...emptyEntry(base, name), error: `${g.missing.length === 1 ? 'part' : 'parts'} ${g.missing.join(', ')} of ${g.total} missing` }
    }
    const headers = []
    for (const p of g.parts) headers.push(await this.header(p))
    const failed = headers.find((h): h is { error: string } => 'error' in h)
    if (failed !== undefined) return { ...emptyEntry(base, g.stem), error: failed.error }
    const summary = mergeSplit(headers.map((h) => (h as { summary: GgufSummary }).summary))
    if (summary.architecture === 'clip') return null // a projector named some other way
    return {
      ...base,
      name: summary.name ?? g.stem,
      architecture: summary.architecture,
      parameterCount: summary.parameterCount,
      quantization: summary.fileType?.name ?? summary.tensorTypes[0]?.type ?? null,
      contextLength: summary.contextLength,
      layers: summary.blockCount,
      heads: summary.headCount,
      kvHeads: summary.headCountKv ?? summary.headCount,
      embedding: summary.embeddingLength,
      experts: summary.expertCount,
      hasChatTemplate: summary.chatTemplate !== null,
      error: null,
    }
  }

  private async header(f: Found): Promise<Header> {
    const key = cacheKey(f)
    const cached = this.headers.get(key)
    if (cached !== undefined) return cached
    const header: Header = await summarizeGgufFile(f.path).then(
      (summary) => ({ summary }),
      (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
    )
    this.headers.set(key, header)
    return header
  }
}

/**
 * A model file's summary; for a split model (its first part) the parts' tensors are added up, so
 * weights and parameters are the whole model's. For the memory estimate of a model in the library.
 */
export async function summarizeModelFile(path: string): Promise<GgufSummary> {
  const m = SPLIT.exec(basename(path))
  if (m === null || Number(m[2]) !== 1) return summarizeGgufFile(path)
  const total = Number(m[3])
  const parts: GgufSummary[] = []
  for (let i = 1; i <= total; i++) parts.push(await summarizeGgufFile(join(dirname(path), splitName(m[1]!, i, total))))
  return mergeSplit(parts)
}

// ----- walking

/**
 * Every `*.gguf` below `root`, at most MAX_DEPTH levels down, following symlinks (Hugging Face's
 * snapshots are links into blobs/) but never into a folder twice, skipping hidden entries. In the
 * hub cache only `models--*\/snapshots/*\/...` is looked at.
 */
async function walk(root: string, hub: boolean, out: Found[]): Promise<void> {
  const visited = new Set<string>([await realpath(root)])
  // visit(dir, depth) lists the entries depth + 1 levels below root.
  const visit = async (dir: string, depth: number): Promise<void> => {
    // The folder itself unreadable is the folder's error; a subfolder unreadable is skipped.
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: unknown) => (depth === 0 ? Promise.reject(e) : []))
    for (const d of entries) {
      if (d.name.startsWith('.')) continue
      const path = join(dir, d.name)
      let isDir = d.isDirectory()
      let isFile = d.isFile()
      if (d.isSymbolicLink()) {
        const s = await stat(path).catch(() => null) // a dangling link is skipped
        if (s === null) continue
        isDir = s.isDirectory()
        isFile = s.isFile()
      }
      if (isDir) {
        if (depth + 1 >= MAX_DEPTH || (hub && !hubFolderAllowed(depth, d.name))) continue
        const real = await realpath(path).catch(() => null)
        if (real === null || visited.has(real)) continue
        visited.add(real)
        await visit(path, depth + 1)
      } else if (isFile && /\.gguf$/i.test(d.name) && !MMPROJ.test(d.name) && (!hub || depth >= 3)) {
        const s = await stat(path).catch(() => null)
        if (s !== null) out.push({ path, name: d.name, size: s.size, mtimeMs: s.mtimeMs })
      }
    }
  }
  await visit(root, 0)
}

/** hub/models--org--repo/snapshots/<revision>/…, by the depth of the folder holding the one entered. */
function hubFolderAllowed(depth: number, name: string): boolean {
  if (depth === 0) return name.startsWith('models--')
  if (depth === 1) return name === 'snapshots'
  return true
}

// ----- split models

type SplitGroup = { stem: string; parts: Found[]; total: number; missing: number[] }

function groupSplits(files: Found[]): SplitGroup[] {
  const groups = new Map<string, SplitGroup>()
  const singles: SplitGroup[] = []
  for (const f of files) {
    const m = SPLIT.exec(f.name)
    if (m === null) {
      singles.push({ stem: f.name.replace(/\.gguf$/i, ''), parts: [f], total: 1, missing: [] })
      continue
    }
    const key = join(dirname(f.path), `${m[1]!}\0${m[3]!}`)
    const g = groups.get(key) ?? { stem: m[1]!, parts: [], total: Number(m[3]), missing: [] }
    g.parts.push(f)
    groups.set(key, g)
  }
  for (const g of groups.values()) {
    g.parts.sort((a, b) => a.name.localeCompare(b.name))
    const have = new Set(g.parts.map((p) => Number(SPLIT.exec(p.name)![2])))
    for (let i = 1; i <= g.total; i++) if (!have.has(i)) g.missing.push(i)
  }
  return [...singles, ...groups.values()].sort((a, b) => a.parts[0]!.path.localeCompare(b.parts[0]!.path))
}

const splitName = (stem: string, i: number, total: number): string => `${stem}-${String(i).padStart(5, '0')}-of-${String(total).padStart(5, '0')}.gguf`

function mergeSplit(parts: GgufSummary[]): GgufSummary {
  const [first, ...rest] = parts
  if (rest.length === 0) return first!
  const types = new Map<string, GgufTensorTypeUse>()
  for (const t of parts.flatMap((p) => p.tensorTypes)) {
    const u = types.get(t.type) ?? { type: t.type, tensors: 0, parameters: 0, bytes: 0 }
    types.set(t.type, { type: t.type, tensors: u.tensors + t.tensors, parameters: u.parameters + t.parameters, bytes: u.bytes + t.bytes })
  }
  const sum = (f: (p: GgufSummary) => number): number => parts.reduce((s, p) => s + f(p), 0)
  return {
    ...first!,
    fileSize: sum((p) => p.fileSize),
    tensorCount: sum((p) => p.tensorCount),
    parameterCount: sum((p) => p.parameterCount),
    weightsBytes: sum((p) => p.weightsBytes),
    tensorTypes: [...types.values()].sort((a, b) => b.bytes - a.bytes || a.type.localeCompare(b.type)),
  }
}

// ----- helpers

const cacheKey = (f: Found): string => `${f.path}\0${f.size}\0${f.mtimeMs}`

function emptyEntry(base: Pick<ModelEntry, 'path' | 'fileName' | 'folder' | 'source' | 'fileSize'>, name: string): ModelEntry {
  return {
    ...base, name, architecture: null, parameterCount: 0, quantization: null, contextLength: null, layers: null, heads: null,
    kvHeads: null, embedding: null, experts: null, hasChatTemplate: false, error: null,
  }
}

/** Maps with at most `limit` calls in flight, keeping the order. */
async function mapLimit<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await f(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}
