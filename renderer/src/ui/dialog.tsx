// A modal dialog: focus moves in and is trapped, Escape and the backdrop close it, and focus returns to
// whatever opened it. Hand-rolled rather than <dialog> so it behaves the same in every test DOM.
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { IconButton } from './button.js'
import { cx } from './cx.js'
import { CloseIcon } from './icons.js'

interface DialogProps {
  title: string
  description?: ReactNode
  onClose: () => void
  children: ReactNode
  footer?: ReactNode
  width?: 'sm' | 'md'
  /** While busy, Escape and the backdrop do nothing, so a half-done action is not abandoned by accident. */
  busy?: boolean
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])'

export function Dialog({ title, description, onClose, children, footer, width = 'sm', busy }: DialogProps) {
  const titleId = useId()
  const descId = useId()
  const panel = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  const busyRef = useRef(busy)
  useEffect(() => {
    close.current = onClose
    busyRef.current = busy
  })

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    const node = panel.current
    const first =
      node?.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ??
      node?.querySelector<HTMLElement>(FOCUSABLE)
    ;(first ?? node)?.focus()
    return () => opener?.focus?.()
  }, [])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape' && !busyRef.current) {
      e.stopPropagation()
      close.current()
    }
    if (e.key !== 'Tab' || !panel.current) return
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    if (items.length === 0) return
    const first = items[0]!
    const last = items[items.length - 1]!
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  return (
    <div
      className="fixed inset-0 z-40 flex animate-fade-in items-center justify-center bg-zinc-950/30 p-6 backdrop-blur-[2px] dark:bg-black/50"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && !busyRef.current) close.current()
      }}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        className={cx(
          'flex max-h-full w-full animate-pop-in flex-col overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-2xl shadow-zinc-950/20 outline-none dark:border-zinc-700/80 dark:bg-zinc-900',
          width === 'sm' ? 'max-w-md' : 'max-w-xl',
        )}
      >
        <div className="flex items-start gap-3 px-5 pt-4 pb-2">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-[15px] font-semibold text-zinc-900 dark:text-zinc-50">
              {title}
            </h2>
            {description && (
              <p id={descId} className="mt-1 text-zinc-500 dark:text-zinc-400">
                {description}
              </p>
            )}
          </div>
          <IconButton
            label="Close"
            onClick={() => !busyRef.current && close.current()}
            className="-mt-0.5 -mr-1.5"
          >
            <CloseIcon />
          </IconButton>
        </div>
        <div className="min-h-0 overflow-y-auto px-5 pt-2 pb-5">{children}</div>
        {footer && (
          <div className="flex items-center justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
            {footer}
          </div>
        )}
      </div>
    </div>
  )
}
