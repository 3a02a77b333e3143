// Open Julia buffers as the server should see them: full-text didOpen/didChange/didClose (LSP 3.17
// "Text Document Synchronization"; a change event without a range replaces the whole text, which
// every sync kind accepts). Kept across server restarts so a fresh server is told what is open.
import type { PathMap } from './convert'

export type SyncMessage = { method: string; params: (map: PathMap) => unknown }

const isJulia = (path: string): boolean => path.endsWith('.jl')

export class TextSync {
  private readonly docs = new Map<string, { text: string; version: number }>()

  isOpen(path: string): boolean {
    return this.docs.has(path)
  }

  version(path: string): number {
    return this.docs.get(path)?.version ?? 0
  }

  open(path: string, text: string, version: number): SyncMessage | null {
    if (!isJulia(path)) return null
    if (this.docs.has(path)) return this.change(path, text, version) // opening twice is a protocol error
    this.docs.set(path, { text, version })
    return didOpen(path, text, version)
  }

  /** Versions only ever grow, as the spec requires, whatever the caller passes. */
  change(path: string, text: string, version: number): SyncMessage | null {
    const doc = this.docs.get(path)
    if (!doc) return this.open(path, text, version)
    if (doc.text === text) return null
    doc.text = text
    doc.version = Math.max(version, doc.version + 1)
    const v = doc.version
    return { method: 'textDocument/didChange', params: (map) => ({ textDocument: { uri: map.uriOf(path), version: v }, contentChanges: [{ text }] }) }
  }

  close(path: string): SyncMessage | null {
    if (!this.docs.delete(path)) return null
    return { method: 'textDocument/didClose', params: (map) => ({ textDocument: { uri: map.uriOf(path) } }) }
  }

  /** didOpen for every open buffer, for a server that has just started. */
  reopenAll(): SyncMessage[] {
    return [...this.docs].map(([path, d]) => didOpen(path, d.text, d.version))
  }

  clear(): void {
    this.docs.clear()
  }
}

const didOpen = (path: string, text: string, version: number): SyncMessage => ({
  method: 'textDocument/didOpen',
  params: (map) => ({ textDocument: { uri: map.uriOf(path), languageId: 'julia', version, text } }),
})
