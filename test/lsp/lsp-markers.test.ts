// Server diagnostics become Monaco markers with the right severity and a visible range.
import { describe, expect, it } from 'vitest'
import { MarkerSeverity, toLspMarkers } from '../../src-renderer/editor/lsp-markers'

describe('language server markers', () => {
  it('keeps each severity and the source, and widens an empty range to one character', () => {
    const d = { line: 2, column: 5, endLine: 2, endColumn: 9, message: 'm', source: 'JETLS' }
    const markers = toLspMarkers([
      { ...d, severity: 'error' },
      { ...d, severity: 'warning' },
      { ...d, severity: 'info' },
      { ...d, severity: 'hint', endColumn: 5 },
    ])
    expect(markers.map((m) => m.severity)).toEqual([MarkerSeverity.Error, MarkerSeverity.Warning, MarkerSeverity.Info, MarkerSeverity.Hint])
    expect(markers[0]).toEqual({ severity: 8, message: 'm', source: 'JETLS', startLineNumber: 2, startColumn: 5, endLineNumber: 2, endColumn: 9 })
    expect(markers[3]).toMatchObject({ startColumn: 5, endColumn: 6 })
  })
})
