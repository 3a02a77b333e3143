// Contract channels of the workspace area. Services throw KilnError; the router turns it into
// `{ ok: false, code, message }`.
import { ok } from '../../../src-preload/contract'
import type { HandlerMap } from '../../router'
import type { BackupService } from './backup-service'
import type { SearchService } from './search-service'
import type { WorkspaceService } from './workspace-service'

export type WorkspaceChannel =
  | 'workspace:open'
  | 'workspace:close'
  | 'workspace:current'
  | 'workspace:recent'
  | 'workspace:browseFolders'
  | 'workspace:list'
  | 'workspace:files'
  | 'workspace:read'
  | 'workspace:write'
  | 'workspace:create'
  | 'workspace:rename'
  | 'workspace:delete'
  | 'search:start'
  | 'search:cancel'
  | 'backup:write'
  | 'backup:clear'
  | 'backup:list'

export function workspaceHandlers(deps: {
  workspace: WorkspaceService
  search: SearchService
  backups: BackupService
}): HandlerMap<WorkspaceChannel> {
  const { workspace, search, backups } = deps
  return {
    'workspace:open': ({ path }) => workspace.open(path),
    'workspace:close': () => {
      workspace.close()
      return ok(null)
    },
    'workspace:current': () => ok(workspace.info),
    'workspace:recent': async () => ok(await workspace.recent()),
    'workspace:browseFolders': async ({ path }) => ok(await workspace.browseFolders(path)),
    'workspace:list': async ({ path }) => ok(await workspace.list(path)),
    'workspace:files': async () => ok(await workspace.files()),
    'workspace:read': async ({ path }) => ok(await workspace.read(path)),
    'workspace:write': async ({ path, content, expectedMtimeMs }) => ok(await workspace.write(path, content, expectedMtimeMs)),
    'workspace:create': async ({ path, kind }) => ok(await workspace.create(path, kind)),
    'workspace:rename': async ({ from, to }) => {
      await workspace.rename(from, to)
      return ok(null)
    },
    'workspace:delete': async ({ path }) => ok(await workspace.delete(path)),
    'search:start': (query) => ok(search.start(query)),
    'search:cancel': ({ searchId }) => {
      search.cancel(searchId)
      return ok(null)
    },
    'backup:write': async ({ path, content, baseMtimeMs }) => {
      await backups.write(path, content, baseMtimeMs)
      return ok(null)
    },
    'backup:clear': async ({ path }) => {
      await backups.clear(path)
      return ok(null)
    },
    'backup:list': async () => ok(await backups.list()),
  }
}
