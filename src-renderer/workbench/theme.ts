// Light or dark: the workbench.colorTheme setting when it names one, else the system's preference.
// Sets html[data-theme] (the CSS variables in styles/theme.css) and Monaco's theme together.
import { api } from '../api'
import { getMonaco, loadMonaco } from '../editor/monaco-loader'
import { useSettings } from '../store/settings'
import { useUi } from '../store/ui'
import { notify } from '../store/notifications'
import { oppositeTheme, resolveTheme, type ThemeKind } from './format'

const SETTING = 'workbench.colorTheme'
/** The last theme shown, so the next start paints in it before settings arrive (no flash). */
const CACHE = 'kiln.theme'

const media = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)')

function apply(theme: ThemeKind): void {
  document.documentElement.dataset.theme = theme
  document.documentElement.style.colorScheme = theme
  useUi.setState({ theme })
  getMonaco()?.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs')
  try {
    localStorage.setItem(CACHE, theme)
  } catch {
    // not remembered; the system preference applies next time
  }
}

const current = (): ThemeKind => resolveTheme(useSettings.getState().values[SETTING], media().matches)

/** Before the first paint: the cached theme, or the system's. */
export function applyInitialTheme(): void {
  let cached: string | null = null
  try {
    cached = localStorage.getItem(CACHE)
  } catch {
    cached = null
  }
  apply(resolveTheme(cached, media().matches))
}

/** Follows the setting and the system from now on. */
export function watchTheme(): void {
  media().addEventListener('change', () => apply(current()))
  useSettings.subscribe((s, prev) => {
    if (s.values[SETTING] !== prev.values[SETTING]) apply(current())
  })
  apply(current())
  void loadMonaco().then(() => apply(current()))
}

/** Flips the theme by writing the setting (so it sticks), falling back to this session only. */
export async function toggleTheme(): Promise<void> {
  const next = oppositeTheme(useUi.getState().theme)
  apply(next)
  const r = await api.call('settings:set', { key: SETTING, value: next })
  if (r.ok) useSettings.getState().setSnapshot(r.value)
  else notify('warning', `The theme applies to this window only: ${r.message}`)
}
