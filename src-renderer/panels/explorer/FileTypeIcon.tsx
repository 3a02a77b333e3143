// A file glyph tinted by type: enough to tell Julia from TOML at a glance, no icon theme.
import { FileIcon } from '../../workbench/icons'
import { basename, extname } from '../../workbench/paths'

const COLORS: Record<string, string> = {
  '.jl': 'var(--kiln-julia)',
  '.toml': '#9c7bd1',
  '.md': '#519aba',
  '.json': '#cbcb41',
  '.yml': '#a074c4',
  '.yaml': '#a074c4',
  '.sh': '#89e051',
  '.py': '#3b8eea',
  '.c': '#599eff',
  '.h': '#a074c4',
  '.cpp': '#f34b7d',
  '.txt': 'var(--kiln-muted)',
}

export function FileTypeIcon({ path }: { path: string }) {
  const base = basename(path)
  const color = base === 'Project.toml' || base === 'Manifest.toml' ? 'var(--kiln-julia)' : (COLORS[extname(path)] ?? 'var(--kiln-muted)')
  return <FileIcon size={16} style={{ color, flex: 'none' }} />
}
