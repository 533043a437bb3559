// Full-window states before the app can show anything: connecting, or no way to connect at all.
import { useEffect, useState, type ReactNode } from 'react'
import { Button } from '../ui/button.js'
import { Logo } from '../ui/logo.js'
import { Spinner } from '../ui/spinner.js'

function Centered({ children }: { children: ReactNode }) {
  return (
    <div className="flex h-full flex-col items-center justify-center bg-zinc-50 px-6 text-center dark:bg-zinc-950">
      <Logo size={40} />
      <div className="mt-5 max-w-sm">{children}</div>
    </div>
  )
}

export function ConnectingScreen({ retryInSeconds }: { retryInSeconds: number | null }) {
  // Most starts connect at once; only explain when it takes long enough to notice.
  const [slow, setSlow] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), 2500)
    return () => clearTimeout(timer)
  }, [])
  return (
    <Centered>
      <p role="status" className="flex items-center justify-center gap-2 text-zinc-600 dark:text-zinc-300">
        <Spinner size={14} />
        Connecting to Peerdesk…
      </p>
      {slow && (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">
          Peerdesk's background service isn't answering yet
          {retryInSeconds ? `; trying again in ${retryInSeconds} s` : ''}. If it doesn't start, run{' '}
          <code className="rounded bg-zinc-200/70 px-1 font-mono dark:bg-zinc-800">peerdesk serve</code> and
          open the address it prints.
        </p>
      )}
    </Centered>
  )
}

export function NoTokenScreen() {
  return (
    <Centered>
      <h1 className="text-base font-semibold">Open Peerdesk from its own address</h1>
      <p className="mt-2 text-zinc-500 dark:text-zinc-400">
        For your safety this page needs the private address that{' '}
        <code className="font-mono">peerdesk serve</code> prints when it starts (it ends in{' '}
        <code className="font-mono">#token=…</code>). It is also saved in{' '}
        <code className="font-mono">api.json</code> in Peerdesk's data folder.
      </p>
    </Centered>
  )
}

export function StartupErrorScreen({
  message,
  hint,
  onRetry,
}: {
  message: string
  hint: string | null
  onRetry: () => void
}) {
  return (
    <Centered>
      <h1 className="text-base font-semibold">Peerdesk couldn't start</h1>
      <p role="alert" className="mt-2 text-zinc-600 dark:text-zinc-300">
        {message}
      </p>
      {hint && <p className="mt-1 text-zinc-500 dark:text-zinc-400">{hint}</p>}
      <Button className="mt-5" onClick={onRetry}>
        Try again
      </Button>
    </Centered>
  )
}
