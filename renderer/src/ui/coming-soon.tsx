// The honest empty state for a section whose engine side has not shipped yet.
import type { ReactNode } from 'react'
import { Badge } from './badge.js'
import { CheckIcon } from './icons.js'
import { PageHeader } from './layout.js'

interface ComingSoonProps {
  title: string
  icon: ReactNode
  heading: string
  points: readonly string[]
}

export function ComingSoon({ title, icon, heading, points }: ComingSoonProps) {
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title={title} actions={<Badge>Coming soon</Badge>} />
      <div className="flex min-h-0 flex-1 items-center justify-center overflow-y-auto px-6 py-8">
        <div className="w-full max-w-md text-center">
          <div className="mx-auto mb-4 flex size-14 items-center justify-center rounded-2xl border border-zinc-200 bg-zinc-50 text-zinc-500 shadow-xs dark:border-zinc-700 dark:bg-zinc-800/60 dark:text-zinc-400">
            {icon}
          </div>
          <h2 className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{heading}</h2>
          <p className="mt-1 text-zinc-500 dark:text-zinc-400">
            This version of Peerdesk connects your team. What you will be able to do here:
          </p>
          <ul className="mx-auto mt-5 max-w-sm space-y-2.5 text-left">
            {points.map((p) => (
              <li key={p} className="flex gap-2.5 text-zinc-600 dark:text-zinc-300">
                <CheckIcon size={15} className="mt-0.5 shrink-0 text-zinc-400 dark:text-zinc-500" />
                {p}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  )
}
