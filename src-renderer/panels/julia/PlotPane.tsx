// The plot pane (a bottom panel tab): the image results and display()s from Julia, newest shown,
// with history. Keys as in VS Code Julia's plot pane: ←/→ (and PageUp/PageDown) step, Home/End
// jump, Shift+Delete clears. Images go in <img> as data URLs, SVG included (never as markup).
import type { KeyboardEvent } from 'react'
import { removePlot, stepPlot, useJulia } from '../../store/julia'
import { plotDataUrl } from './julia-format'

const go = (delta: number): void => useJulia.setState((s) => ({ plotIndex: stepPlot(s.plotIndex, s.plots.length, delta) }))
const goTo = (index: number): void => useJulia.setState((s) => ({ plotIndex: stepPlot(index, s.plots.length, 0) }))
const removeShown = (): void => useJulia.setState((s) => removePlot(s.plots, s.plotIndex))
const clearAll = (): void => useJulia.setState({ plots: [], plotIndex: -1 })

export function PlotToolbar() {
  const count = useJulia((s) => s.plots.length)
  const index = useJulia((s) => s.plotIndex)
  return (
    <div className="kiln-plot-toolbar" data-testid="plot-toolbar">
      <button type="button" className="kiln-icon-button" title="Previous Plot (←)" aria-label="Previous plot" disabled={index <= 0} onClick={() => go(-1)}>
        ‹
      </button>
      <span className="kiln-plot-count" data-testid="plot-count">
        {count === 0 ? '0 / 0' : `${index + 1} / ${count}`}
      </span>
      <button type="button" className="kiln-icon-button" title="Next Plot (→)" aria-label="Next plot" disabled={index >= count - 1} onClick={() => go(1)}>
        ›
      </button>
      <button type="button" className="kiln-icon-button" title="Delete This Plot" aria-label="Delete this plot" disabled={count === 0} onClick={removeShown}>
        ✕
      </button>
      <button type="button" className="kiln-icon-button text" title="Delete All Plots (Shift+Delete)" aria-label="Delete all plots" disabled={count === 0} onClick={clearAll}>
        Clear
      </button>
    </div>
  )
}

export function PlotPane() {
  const plots = useJulia((s) => s.plots)
  const index = useJulia((s) => s.plotIndex)
  const plot = index >= 0 ? plots[index] : undefined

  const onKeyDown = (e: KeyboardEvent): void => {
    const steps: Record<string, () => void> = {
      ArrowLeft: () => go(-1),
      ArrowUp: () => go(-1),
      PageUp: () => go(-1),
      ArrowRight: () => go(1),
      ArrowDown: () => go(1),
      PageDown: () => go(1),
      Home: () => goTo(0),
      End: () => goTo(plots.length - 1),
    }
    const action = e.shiftKey && e.key === 'Delete' ? clearAll : e.key === 'Delete' ? removeShown : steps[e.key]
    if (!action) return
    e.preventDefault()
    action()
  }

  return (
    <div className="kiln-plot-pane" data-testid="plot-pane" tabIndex={0} onKeyDown={onKeyDown} aria-label="Plots">
      {plot ? (
        <figure className="kiln-plot-figure">
          <img
            className="kiln-plot-image"
            data-testid="plot-image"
            data-plot-id={plot.id}
            src={plotDataUrl(plot.rich)}
            alt={`Plot ${index + 1} of ${plots.length} (${plot.rich.mime === 'image/png' ? 'PNG' : 'SVG'})`}
          />
          <figcaption className="kiln-plot-caption">
            {plot.origin} · {new Date(plot.at).toLocaleTimeString()}
          </figcaption>
        </figure>
      ) : (
        <div className="kiln-plot-empty" data-testid="plot-empty">
          No plots yet. Images from Julia — a plot as the result of a run, or <code>display(plot)</code> in the REPL — show here.
        </div>
      )}
    </div>
  )
}
