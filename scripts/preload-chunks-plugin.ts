// A Vite plugin for the renderer build: `<link rel="modulepreload">` for the chunk of a lazily
// imported module and everything it imports statically, so the browser fetches and compiles Monaco
// while React paints the workbench, instead of only after index.js has run and asked for it.
import type { Plugin } from 'vite'

type ChunkLike = { type: 'chunk'; fileName: string; facadeModuleId: string | null; imports: string[]; viteMetadata?: { importedCss: Set<string> } }
type AssetLike = { type: 'asset'; fileName: string }

export function preloadChunks(moduleSuffixes: string[]): Plugin {
  return {
    name: 'kiln-preload-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle as Record<string, ChunkLike | AssetLike> | undefined
        if (!bundle) return []
        const chunks = Object.values(bundle).filter((c): c is ChunkLike => c.type === 'chunk')
        const files = new Set<string>()
        const css = new Set<string>()
        const visit = (chunk: ChunkLike | undefined): void => {
          if (!chunk || files.has(chunk.fileName)) return
          files.add(chunk.fileName)
          for (const f of chunk.viteMetadata?.importedCss ?? []) css.add(f)
          for (const f of chunk.imports) visit(chunks.find((c) => c.fileName === f))
        }
        for (const suffix of moduleSuffixes) visit(chunks.find((c) => c.facadeModuleId?.endsWith(suffix)))
        // The entry chunk is already loaded by its own <script>.
        for (const c of chunks) if (ctx.chunk && c.fileName === ctx.chunk.fileName) files.delete(c.fileName)
        return [
          ...[...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
          ...[...css].filter((f) => !html.includes(f)).map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
        ]
      },
    },
  }
}
