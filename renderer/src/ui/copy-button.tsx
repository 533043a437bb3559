// Copies text and says so for two seconds. The async clipboard needs a secure context, which both
// Electron and http://127.0.0.1 are; the fallback covers the odd embedded browser.
import { useEffect, useState } from 'react'
import { Button } from './button.js'
import { CheckIcon, CopyIcon } from './icons.js'

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}

interface CopyButtonProps {
  text: string
  label: string
  size?: 'sm' | 'md'
  variant?: 'secondary' | 'primary' | 'ghost'
}

export function CopyButton({ text, label, size = 'sm', variant = 'secondary' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 2000)
    return () => clearTimeout(timer)
  }, [state])
  return (
    <Button
      size={size}
      variant={variant}
      aria-label={state === 'copied' ? `${label}: copied` : label}
      icon={
        state === 'copied' ? <CheckIcon className="text-emerald-600 dark:text-emerald-400" /> : <CopyIcon />
      }
      onClick={() => void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : 'Copy'}
      </span>
    </Button>
  )
}
