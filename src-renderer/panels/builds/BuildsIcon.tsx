// The activity bar's Builds icon: a kiln (an arch over a fire), in the current colour.
export function BuildsIcon({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M4 20V11a8 8 0 0 1 16 0v9" />
      <path d="M2.5 20h19" />
      <path d="M12 17.5c-1.7 0-2.7-1.1-2.7-2.5 0-1.6 1.4-2.3 1.7-4 1.4.8 3.7 2.3 3.7 4 0 1.4-1 2.5-2.7 2.5z" />
    </svg>
  )
}
