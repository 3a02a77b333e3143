// Copy to the clipboard from anywhere in the workbench (messages, code blocks, paths, fix commands).
import { useState } from 'react'

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // The browser host over plain http on another machine has no clipboard API: fall back.
    const area = document.createElement('textarea')
    area.value = text
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}

/** A Copy button's state: `copy(text)`, and the label to show ('Copy', 'Copied', 'Select it') for 1.5 s. */
export function useCopy(): { copy: (text: string) => void; label: string } {
  const [copied, setCopied] = useState<boolean | null>(null)
  const copy = (text: string): void => {
    void copyText(text).then((ok) => {
      setCopied(ok)
      setTimeout(() => setCopied(null), 1500)
    })
  }
  return { copy, label: copied === null ? 'Copy' : copied ? 'Copied' : 'Select it' }
}
