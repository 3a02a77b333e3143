// Julia's three dots (the language's logo colours), for the REPL tab, the status bar and the
// activity bar. `mono` draws them in the current colour (the activity bar's style).
export function JuliaIcon({ size = 16, mono = false }: { size?: number; mono?: boolean }) {
  const fill = (c: string): string => (mono ? 'currentColor' : c)
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="kiln-julia-icon">
      <circle cx="12" cy="6.5" r="4.2" fill={fill('#389826')} />
      <circle cx="6.5" cy="16.5" r="4.2" fill={fill('#cb3c33')} />
      <circle cx="17.5" cy="16.5" r="4.2" fill={fill('#9558b2')} />
    </svg>
  )
}

/** A small spinning ring (CSS animation in julia.css) for "starting" and "busy". */
export function Spinner({ size = 12 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" className="kiln-julia-spinner">
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2" />
      <path d="M8 2a6 6 0 0 1 6 6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}
