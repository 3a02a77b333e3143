// Where GGUF models live on a machine: the user's folder setting, then the folders LM Studio,
// llama.cpp (`-hf` downloads) and the Hugging Face hub cache use by default.
import { posix, win32 } from 'node:path'
import type { ModelFolderSource } from '../../../src-preload/contract'

export type LibraryOptions = { modelsPath: string; home: string; env: NodeJS.ProcessEnv; platform: NodeJS.Platform }

export function modelFolders(o: LibraryOptions): { path: string; source: ModelFolderSource }[] {
  const path = o.platform === 'win32' ? win32 : posix
  const home = (...parts: string[]): string => path.join(o.home, ...parts)
  const set = (v: string | undefined): string | null => (v !== undefined && v.trim() !== '' ? v.trim() : null)
  const folders: { path: string; source: ModelFolderSource }[] = []
  const modelsPath = set(o.modelsPath)
  if (modelsPath !== null) {
    const expanded = modelsPath === '~' ? o.home : /^~[/\\]/.test(modelsPath) ? home(modelsPath.slice(2)) : modelsPath
    folders.push({ path: path.resolve(o.home, expanded), source: 'setting' })
  }

  folders.push({ path: home('.lmstudio', 'models'), source: 'lmstudio' })
  folders.push({ path: home('.cache', 'lm-studio', 'models'), source: 'lmstudio' })

  // llama.cpp's fs_get_cache_directory: LLAMA_CACHE, else the platform's cache folder + llama.cpp.
  const llamaCache = set(o.env.LLAMA_CACHE)
  if (llamaCache !== null) folders.push({ path: llamaCache, source: 'llama.cpp' })
  else if (o.platform === 'win32') {
    const local = set(o.env.LOCALAPPDATA) ?? home('AppData', 'Local')
    folders.push({ path: path.join(local, 'llama.cpp'), source: 'llama.cpp' })
  } else if (o.platform === 'darwin') folders.push({ path: home('Library', 'Caches', 'llama.cpp'), source: 'llama.cpp' })
  else folders.push({ path: path.join(set(o.env.XDG_CACHE_HOME) ?? home('.cache'), 'llama.cpp'), source: 'llama.cpp' })

  // huggingface_hub: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.
  const hfHome = set(o.env.HF_HOME)
  const hub = set(o.env.HF_HUB_CACHE) ?? (hfHome !== null ? path.join(hfHome, 'hub') : home('.cache', 'huggingface', 'hub'))
  folders.push({ path: hub, source: 'huggingface' })

  // The setting may name one of the default folders: list it once, as the setting.
  const seen = new Set<string>()
  return folders.filter((f) => {
    const key = path.resolve(f.path)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
