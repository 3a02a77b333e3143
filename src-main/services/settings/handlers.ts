// The settings channels: read the effective settings, change one user setting.
import { ok } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { SettingsService } from './settings-service'

export function settingsHandlers(settings: SettingsService): HandlerMap<'settings:get' | 'settings:set'> {
  return {
    'settings:get': () => ok(settings.snapshot()),
    'settings:set': ({ key, value }) => settings.set(key, value),
  }
}
