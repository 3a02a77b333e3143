// A clock for elapsed times that ticks only while something runs (no timer when idle).
import { useEffect, useState } from 'react'

export function useNow(running: boolean, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    setNow(Date.now())
    if (!running) return
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [running, everyMs])
  return now
}
