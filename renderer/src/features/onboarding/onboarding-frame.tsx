import type { ReactNode } from 'react'
import { ShieldIcon } from '../../ui/icons.js'
import { Logo } from '../../ui/logo.js'
import { Fingerprint } from '../device/fingerprint.js'

interface Props {
  step: 1 | 2
  fingerprint: string | null
  children: ReactNode
}

export function OnboardingFrame({ step, fingerprint, children }: Props) {
  return (
    <div className="flex h-full flex-col overflow-y-auto bg-zinc-50 dark:bg-zinc-950">
      <div className="m-auto w-full max-w-xl px-6 py-6">
        <div className="mb-5 flex items-center justify-between">
          <div className="flex items-center gap-2.5">
            <Logo size={28} />
            <span className="text-[15px] font-semibold tracking-tight">Peerdesk</span>
          </div>
          <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-label={`Step ${step} of 2`}>
            Step {step} of 2
          </span>
        </div>
        <main className="animate-slide-up rounded-2xl border border-zinc-200 bg-white p-6 shadow-xl shadow-zinc-950/5 dark:border-zinc-800 dark:bg-zinc-900 dark:shadow-black/30">
          {children}
        </main>
        {fingerprint && (
          <aside
            aria-label="This device"
            className="mt-4 flex items-center gap-3 rounded-xl border border-zinc-200 bg-white/60 px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900/50"
          >
            <ShieldIcon size={18} className="shrink-0 text-emerald-600 dark:text-emerald-400" />
            <p className="min-w-0 flex-1 text-xs text-zinc-500 dark:text-zinc-400">
              This device's fingerprint. When someone adds you, check they see the same.
            </p>
            <Fingerprint value={fingerprint} size="lg" />
          </aside>
        )}
      </div>
    </div>
  )
}
