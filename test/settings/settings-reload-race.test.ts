// A reload of the user file that read it before one of Kiln's own writes, and finishes after it,
// must not put the old value back. Reads are held open here to make that order certain; on a busy
// machine it happens on its own (the completion e2e saw "⚡ off" stay after turning it back on).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { SettingsSnapshot } from '../../src-preload/contract'
import { memoryLogger } from '../../src-main/lib/log'
import { SettingsService } from '../../src-main/services/settings/settings-service'

/** While `hold` is set, the next read of a settings file calls `onHeld` and waits for `release` before it answers. */
const gate = vi.hoisted(() => ({ hold: false, onHeld: (): void => {}, release: (): void => {} }))

vi.mock('../../src-main/services/settings/settings-file', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/services/settings/settings-file')>()
  return {
    ...real,
    readState: async (file: string) => {
      const state = await real.readState(file)
      if (gate.hold) {
        gate.hold = false
        await new Promise<void>((resolve) => {
          gate.release = resolve
          gate.onHeld()
        })
      }
      return state
    },
  }
})

let dir: string
let service: SettingsService | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiln-settings-race-'))
})
afterEach(() => {
  service?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

it("a reload that read the file before Kiln's own write does not undo the write", async () => {
  // Completion was turned off.
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'assist.completion': false }))
  const events: SettingsSnapshot[] = []
  const s = new SettingsService({
    userDataDir: dir,
    emit: (event, payload) => event === 'settings:changed' && events.push(payload as SettingsSnapshot),
    log: memoryLogger(),
    pollMs: 20,
  })
  service = s
  expect(s.getBoolean('assist.completion')).toBe(false)
  // The file changes again (the watcher's reload reads it, and is held before it lands).
  const held = new Promise<void>((resolve) => {
    gate.onHeld = resolve
  })
  gate.hold = true
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'assist.completion': false, 'editor.fontSize': 20 }))
  await held
  // Meanwhile the user turns completion back on from the status bar.
  const r = await s.set('assist.completion', true)
  expect(r.ok && r.value.values['assist.completion']).toBe(true)
  const announced = events.length
  expect(events.at(-1)?.values).toMatchObject({ 'assist.completion': true, 'editor.fontSize': 20 })
  // The held reload lands now, with what it read before the write.
  gate.release()
  await new Promise((r) => setTimeout(r, 10))
  expect(s.getBoolean('assist.completion')).toBe(true)
  expect(events.slice(announced).map((e) => e.values['assist.completion'])).not.toContain(false)
})
