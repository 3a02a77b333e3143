import { describe, expect, it } from 'vitest'
import { clampPanel, clampRatio, clampSidebar, DEFAULT_LAYOUT, MIN_PANEL, MIN_SIDEBAR, parseLayout } from '../../src-renderer/workbench/layout-math'

describe('layout sizes', () => {
  it('keeps the side bar between its minimum and what leaves the editor usable', () => {
    expect(clampSidebar(50, 1200)).toBe(MIN_SIDEBAR)
    expect(clampSidebar(300, 1200)).toBe(300)
    expect(clampSidebar(1100, 1200)).toBe(900)
    // A tiny window still gets a usable side bar rather than a negative one.
    expect(clampSidebar(400, 300)).toBe(MIN_SIDEBAR)
  })

  it('keeps the panel between its minimum and the editor minimum', () => {
    expect(clampPanel(10, 800)).toBe(MIN_PANEL)
    expect(clampPanel(500, 800)).toBe(500)
    expect(clampPanel(790, 800)).toBe(680)
  })

  it('keeps the split ratio away from the edges', () => {
    expect(clampRatio(0)).toBe(0.15)
    expect(clampRatio(1)).toBe(0.85)
    expect(clampRatio(Number.NaN)).toBe(0.5)
  })

  it('reads remembered sizes and ignores what is broken', () => {
    expect(parseLayout(null)).toEqual(DEFAULT_LAYOUT)
    expect(parseLayout('{not json')).toEqual(DEFAULT_LAYOUT)
    const l = parseLayout(JSON.stringify({ sidebarVisible: false, sidebarWidth: 320, sideView: 'outline', panelHeight: 'tall', splitRatio: 0.99 }))
    expect(l).toEqual({ ...DEFAULT_LAYOUT, sidebarVisible: false, sidebarWidth: 320, sideView: 'outline', splitRatio: 0.85 })
    expect(parseLayout(JSON.stringify({ sideView: 'bogus', sidebarWidth: 3 })).sideView).toBe('explorer')
    expect(parseLayout(JSON.stringify({ sidebarWidth: 3 })).sidebarWidth).toBe(MIN_SIDEBAR)
  })
})
