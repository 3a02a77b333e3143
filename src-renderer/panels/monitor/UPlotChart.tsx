// One uPlot chart: made once per shape (series count, theme), fed with setData on new samples
// only while shown (a hidden panel draws nothing), and sized to its box by a ResizeObserver.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Columns } from './monitor-series'

export function UPlotChart(props: {
  /** Changes when the chart must be made again (series added, theme changed). */
  shape: string
  options: () => uPlot.Options
  data: Columns
  /** Whether the chart is on screen: data is pushed to it only then. */
  active: boolean
  height: number
  testId: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<uPlot | null>(null)
  const latest = useRef(props)
  latest.current = props
  const { shape, height, data, active } = props

  useEffect(() => {
    const el = host.current
    if (!el) return
    const u = new uPlot({ ...latest.current.options(), width: Math.max(1, el.clientWidth), height }, latest.current.data as uPlot.AlignedData, el)
    chart.current = u
    el.dataset.points = String(latest.current.data[0].length)
    // Hidden (display: none) reads 0: keep the last size, take the new one once shown.
    const resize = (): void => {
      const w = el.clientWidth
      if (w > 0 && w !== u.width) u.setSize({ width: w, height })
    }
    const ro = new ResizeObserver(resize)
    ro.observe(el)
    return () => {
      ro.disconnect()
      u.destroy()
      chart.current = null
    }
  }, [shape, height])

  useEffect(() => {
    const u = chart.current
    const el = host.current
    if (!active || !u || !el) return
    if (el.clientWidth > 0 && el.clientWidth !== u.width) u.setSize({ width: el.clientWidth, height })
    u.setData(data as uPlot.AlignedData)
    el.dataset.points = String(data[0].length)
  }, [data, active, height])

  return <div className="kiln-monitor-chart-host" ref={host} data-testid={props.testId} style={{ height }} />
}
