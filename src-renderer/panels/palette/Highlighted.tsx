// Text with matched characters emphasised (fuzzy match positions).
import { highlightRuns } from '../../lib/fuzzy'

export function Highlighted(props: { text: string; positions?: readonly number[]; className?: string }) {
  const runs = highlightRuns(props.text, props.positions ?? [])
  return (
    <span className={props.className}>
      {runs.map((r, i) =>
        r.match ? (
          <mark className="kiln-match" key={i}>
            {r.text}
          </mark>
        ) : (
          <span key={i}>{r.text}</span>
        ),
      )}
    </span>
  )
}
