// Entry: theme before the first paint, React workbench, then Monaco loading in the background so
// the editor is ready by the time a file opens.
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
void loadMonaco()
createRoot(document.getElementById('root')!).render(<App />)
// After the first frame: the workbench paints first, Monaco parses meanwhile. The timer covers
// windows that get no animation frames (hidden at start).
const load = (): void => void loadMonaco()
requestAnimationFrame(() => setTimeout(load, 0))
setTimeout(load, 100)
