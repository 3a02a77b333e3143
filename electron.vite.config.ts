// Three builds: main (Electron host, CLI, browser host, syntax and monitor workers, engine), preload
// (sandboxed, so one self-contained CommonJS file), renderer (React + Monaco + xterm).
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import { preloadChunks } from './scripts/preload-chunks-plugin'

// KILN_OUT_DIR builds somewhere other than out/ (parallel work in one checkout; see docs/decisions.md).
const OUT = process.env.KILN_OUT_DIR ?? 'out'

export default defineConfig({
  main: {
    build: {
      outDir: `${OUT}/main`,
      externalizeDeps: true,
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'src-main/main.ts'),
          cli: resolve(__dirname, 'src-main/cli.ts'),
          'syntax-worker': resolve(__dirname, 'src-main/services/syntax/worker.ts'),
          engine: resolve(__dirname, 'src-main/engine-entry.ts'),
          'monitor-worker': resolve(__dirname, 'src-main/services/monitor/sampler-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: `${OUT}/preload`,
      // A sandboxed preload may require only 'electron': bundle everything else in.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), preloadChunks(['src-renderer/editor/monaco.ts'])],
    worker: { format: 'es' },
    build: {
      outDir: resolve(__dirname, OUT, 'renderer'),
      // electron-vite leaves the renderer unminified by default; minified, Monaco and the
      // workbench parse faster (the editable-editor budget is 1 s).
      minify: true,
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
})
