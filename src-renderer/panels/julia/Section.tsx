// A collapsible section of the Julia view (Variables, Environment, Last Error).
import { useState, type ReactNode, type Ref } from 'react'

export function Section(props: { id: string; title: string; actions?: ReactNode; children: ReactNode; sectionRef?: Ref<HTMLElement> }) {
  const [open, setOpen] = useState(true)
  return (
    <section className="kiln-julia-section" data-testid={`julia-section-${props.id}`} ref={props.sectionRef}>
      <header className="kiln-julia-section-header">
        <button type="button" className="kiln-julia-section-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className={`kiln-julia-chevron${open ? ' open' : ''}`}>›</span>
          {props.title}
        </button>
        {open && props.actions}
      </header>
      {open && <div className="kiln-julia-section-body">{props.children}</div>}
    </section>
  )
}
