// Toasts at the bottom right. Information fades by itself; warnings and errors wait to be closed.
import { useNotifications } from '../store/notifications'
import { CloseIcon, ErrorIcon, InfoIcon, WarningIcon } from '../workbench/icons'

const ICONS = { info: InfoIcon, warning: WarningIcon, error: ErrorIcon }

export function Toasts() {
  const items = useNotifications((s) => s.items)
  const dismiss = useNotifications((s) => s.dismiss)
  if (items.length === 0) return null
  return (
    <div className="kiln-toasts" aria-live="polite">
      {items.map((n) => {
        const Icon = ICONS[n.kind]
        return (
          <div key={n.id} className={`kiln-toast ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notification" data-kind={n.kind}>
            <Icon size={16} className="kiln-toast-icon" />
            <div className="kiln-toast-message">{n.message}</div>
            {n.actions.map((a) => (
              <button
                key={a.label}
                type="button"
                className="kiln-button secondary small"
                onClick={() => {
                  dismiss(n.id)
                  a.run()
                }}
              >
                {a.label}
              </button>
            ))}
            <button type="button" className="kiln-icon-button" aria-label="Dismiss notification" onClick={() => dismiss(n.id)}>
              <CloseIcon size={14} />
            </button>
          </div>
        )
      })}
    </div>
  )
}
