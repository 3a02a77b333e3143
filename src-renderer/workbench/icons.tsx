// Small line icons drawn for Kiln (24px grid for the activity bar, 16px for the rest).
import type { ReactElement, SVGProps } from 'react'

type P = SVGProps<SVGSVGElement> & { size?: number }

const svg = (size: number, view: number, body: ReactElement, props: SVGProps<SVGSVGElement>): ReactElement => (
  <svg
    width={size}
    height={size}
    viewBox={`0 0 ${view} ${view}`}
    fill="none"
    stroke="currentColor"
    strokeWidth={view === 24 ? 1.5 : 1.2}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    {...props}
  >
    {body}
  </svg>
)

export const FilesIcon = ({ size = 24, ...p }: P) =>
  svg(size, 24, <><path d="M14 3H7.5A1.5 1.5 0 0 0 6 4.5v12A1.5 1.5 0 0 0 7.5 18h9a1.5 1.5 0 0 0 1.5-1.5V7z" /><path d="M14 3v4h4" /><path d="M3 7.5v12A1.5 1.5 0 0 0 4.5 21H14" /></>, p)

export const SearchIcon = ({ size = 24, ...p }: P) =>
  svg(size, 24, <><circle cx="14" cy="10" r="6" /><path d="M9.7 14.3 4 20" /></>, p)

export const OutlineIcon = ({ size = 24, ...p }: P) =>
  svg(size, 24, <><path d="M4 5h4M4 12h4M4 19h4" /><path d="M11 5h9M13 12h7M13 19h7" /><path d="M11 5v14M11 12h2M11 19h2" /></>, p)

export const GearIcon = ({ size = 24, ...p }: P) =>
  svg(
    size,
    24,
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1" />
    </>,
    p,
  )

export const CloseIcon = ({ size = 16, ...p }: P) => svg(size, 16, <path d="M4 4l8 8M12 4l-8 8" />, p)

export const ChevronIcon = ({ size = 16, open, ...p }: P & { open?: boolean }) =>
  svg(size, 16, <path d={open ? 'M4 6l4 4 4-4' : 'M6 4l4 4-4 4'} />, p)

export const NewFileIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><path d="M9 1.5H4A1 1 0 0 0 3 2.5v11a1 1 0 0 0 1 1h4" /><path d="M9 1.5v3h3v3" /><path d="M12 10v5M9.5 12.5h5" /></>, p)

export const NewFolderIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><path d="M8 13.5H2.5a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3.5l1.5 1.5h6a1 1 0 0 1 1 1V8" /><path d="M12 10v5M9.5 12.5h5" /></>, p)

export const RefreshIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><path d="M13.5 8A5.5 5.5 0 1 1 11.9 4.1" /><path d="M12.5 1.5v3h-3" /></>, p)

export const CollapseIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><rect x="2" y="2" width="12" height="12" rx="1.5" /><path d="M5 8h6" /></>, p)

export const SplitIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><rect x="1.5" y="2.5" width="13" height="11" rx="1" /><path d="M8 2.5v11" /></>, p)

export const FolderIcon = ({ size = 16, open, ...p }: P & { open?: boolean }) =>
  svg(
    size,
    16,
    open ? (
      <path d="M1.5 12.5v-9a1 1 0 0 1 1-1h3.5l1.5 1.5h5a1 1 0 0 1 1 1V6M1.5 12.5 3.5 7h11l-2 5.5z" />
    ) : (
      <path d="M1.5 12.5v-9a1 1 0 0 1 1-1h3.5l1.5 1.5h6a1 1 0 0 1 1 1v7.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" />
    ),
    p,
  )

export const FileIcon = ({ size = 16, ...p }: P) =>
  svg(size, 16, <><path d="M9 1.5H4A1 1 0 0 0 3 2.5v11a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V5.5z" /><path d="M9 1.5v4h4" /></>, p)

export const ErrorIcon = ({ size = 14, ...p }: P) =>
  svg(size, 16, <><circle cx="8" cy="8" r="6.5" /><path d="M5.5 5.5l5 5M10.5 5.5l-5 5" /></>, p)

export const WarningIcon = ({ size = 14, ...p }: P) =>
  svg(size, 16, <><path d="M8 1.8 15 14H1z" /><path d="M8 6.5v3.5M8 12v.2" /></>, p)

export const InfoIcon = ({ size = 14, ...p }: P) =>
  svg(size, 16, <><circle cx="8" cy="8" r="6.5" /><path d="M8 7.5V11M8 5v.2" /></>, p)
