// A draggable divider between two parts of the layout. Reports the pointer's travel since the drag
// began; the owner turns it into a size and clamps it. Double click resets.
import { useRef } from 'react'

export interface SashProps {
  axis: 'x' | 'y'
  onDragStart(): void
  onDrag(delta: number): void
  onReset?(): void
  testId?: string
}

export function Sash({ axis, onDragStart, onDrag, onReset, testId }: SashProps) {
  const start = useRef<number | null>(null)
  return (
    <div
      className={`kiln-sash kiln-sash-${axis}`}
      data-testid={testId}
      onPointerDown={(e) => {
        if (e.button !== 0) return
        e.preventDefault()
        e.currentTarget.setPointerCapture(e.pointerId)
        start.current = axis === 'x' ? e.clientX : e.clientY
        document.body.classList.add(axis === 'x' ? 'kiln-resizing-x' : 'kiln-resizing-y')
        onDragStart()
      }}
      onPointerMove={(e) => {
        if (start.current === null) return
        onDrag((axis === 'x' ? e.clientX : e.clientY) - start.current)
      }}
      onPointerUp={(e) => {
        start.current = null
        e.currentTarget.releasePointerCapture(e.pointerId)
        document.body.classList.remove('kiln-resizing-x', 'kiln-resizing-y')
      }}
      onDoubleClick={onReset}
    >
      <div className="kiln-sash-handle" />
    </div>
  )
}
