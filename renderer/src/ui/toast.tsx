// Toasts: short news that needs no answer ("Left Marketing"), or a background failure with its hint.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { AppError } from '../../../shared/errors.js'
import { IconButton } from './button.js'
import { cx } from './cx.js'
import { describeError } from './describe-error.js'
import { AlertIcon, CheckIcon, CloseIcon } from './icons.js'

interface Toast {
  id: number
  tone: 'success' | 'error'
  title: string
  body?: string | null
}

interface ToastApi {
  success: (title: string, body?: string) => void
  error: (title: string, err: Pick<AppError, 'code' | 'message'>) => void
}

const ToastContext = createContext<ToastApi | null>(null)
let nextId = 1

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), [])
  const push = useCallback((toast: Omit<Toast, 'id'>) => {
    // Keep at most three: an old toast is not worth covering the window for.
    setToasts((list) => [...list.slice(-2), { ...toast, id: nextId++ }])
  }, [])
  const api = useMemo<ToastApi>(
    () => ({
      success: (title, body) => push({ tone: 'success', title, body }),
      error: (title, err) => {
        const { message, hint } = describeError(err)
        push({ tone: 'error', title, body: hint ? `${message} ${hint}` : message })
      },
    }),
    [push],
  )
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        aria-live="polite"
        className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2"
      >
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onDismiss={() => dismiss(t.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  )
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, toast.tone === 'error' ? 8000 : 4000)
    return () => clearTimeout(timer)
  }, [toast.tone, onDismiss])
  return (
    <div
      role={toast.tone === 'error' ? 'alert' : 'status'}
      className="pointer-events-auto flex animate-slide-up items-start gap-2.5 rounded-lg border border-zinc-200 bg-white p-3 shadow-lg shadow-zinc-950/10 dark:border-zinc-700 dark:bg-zinc-800"
    >
      <span
        className={cx(
          'mt-0.5 inline-flex size-4 shrink-0 items-center justify-center rounded-full',
          toast.tone === 'success'
            ? 'bg-emerald-500/15 text-emerald-600 dark:text-emerald-400'
            : 'text-red-600 dark:text-red-400',
        )}
      >
        {toast.tone === 'success' ? <CheckIcon size={12} strokeWidth={2.5} /> : <AlertIcon size={16} />}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-50">{toast.title}</p>
        {toast.body && <p className="mt-0.5 text-zinc-600 dark:text-zinc-300">{toast.body}</p>}
      </div>
      <IconButton label="Dismiss" onClick={onDismiss} className="-mt-1 -mr-1 size-6">
        <CloseIcon size={14} />
      </IconButton>
    </div>
  )
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext)
  if (!api) throw new Error('useToast needs a <ToastProvider>')
  return api
}
