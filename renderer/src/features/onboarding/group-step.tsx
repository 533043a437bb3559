import { useState, type ReactNode } from 'react'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { ArrowLeftIcon, JoinIcon, PlusIcon } from '../../ui/icons.js'
import { CreateGroupForm } from '../workgroups/create-group-form.js'
import { JoinGroupForm } from '../workgroups/join-group-form.js'

type Choice = 'join' | 'create' | null

interface Props {
  returning: boolean
  onBack?: () => void
  onDone: (groupId: string) => void
  inviteCode?: string
}

export function GroupStep({ returning, onBack, onDone, inviteCode }: Props) {
  const [choice, setChoice] = useState<Choice>(inviteCode ? 'join' : null)
  // An invite link that arrives while this step is open switches it to joining, with the new code.
  const [seenCode, setSeenCode] = useState(inviteCode)
  if (inviteCode !== seenCode) {
    setSeenCode(inviteCode)
    if (inviteCode) setChoice('join')
  }
  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">
        {returning ? "You're not in a workgroup" : 'Set up your workgroup'}
      </h1>
      <p className="mt-1.5 text-zinc-500 dark:text-zinc-400">
        A workgroup is the people you share with: your office, a team, a project.
      </p>
      <div role="group" aria-label="How to start" className="mt-5 grid grid-cols-2 gap-3">
        <ChoiceCard
          selected={choice === 'join'}
          onSelect={() => setChoice('join')}
          icon={<JoinIcon size={18} />}
          title="Join a workgroup"
          body="You have an invite code or link from a colleague."
        />
        <ChoiceCard
          selected={choice === 'create'}
          onSelect={() => setChoice('create')}
          icon={<PlusIcon size={18} />}
          title="Create a workgroup"
          body="Start a new one and invite your colleagues."
        />
      </div>
      {choice && (
        <div className="mt-5 animate-fade-in">
          {choice === 'join' ? (
            <JoinGroupForm
              key={`join-${inviteCode ?? ''}`}
              onJoined={onDone}
              autoFocus
              initialCode={inviteCode}
            />
          ) : (
            <CreateGroupForm key="create" onCreated={onDone} autoFocus />
          )}
        </div>
      )}
      {onBack && (
        <Button
          variant="ghost"
          size="sm"
          icon={<ArrowLeftIcon size={14} />}
          onClick={onBack}
          className="mt-3 -mb-2 -ml-2"
        >
          Back
        </Button>
      )}
    </div>
  )
}

interface ChoiceCardProps {
  selected: boolean
  onSelect: () => void
  icon: ReactNode
  title: string
  body: string
}

function ChoiceCard({ selected, onSelect, icon, title, body }: ChoiceCardProps) {
  return (
    <button
      type="button"
      aria-pressed={selected}
      onClick={onSelect}
      className={cx(
        'flex cursor-default items-start gap-3 rounded-xl border p-3.5 text-left transition-colors',
        selected
          ? 'border-accent-500 bg-accent-50/70 ring-1 ring-accent-500 dark:border-accent-400 dark:bg-accent-500/10 dark:ring-accent-400'
          : 'border-zinc-200 hover:border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:border-zinc-600 dark:hover:bg-zinc-800/50',
      )}
    >
      <span
        className={cx(
          'flex size-8 shrink-0 items-center justify-center rounded-lg',
          selected
            ? 'bg-accent-600 text-white'
            : 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
        )}
      >
        {icon}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block font-semibold text-zinc-900 dark:text-zinc-100">{title}</span>
        <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{body}</span>
      </span>
    </button>
  )
}
