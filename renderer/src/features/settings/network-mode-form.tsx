// How this device joins the network at its next start: automatic, this office network only, or the
// office's own bootstrap nodes. Saved in the engine's settings; applied when Peerdesk restarts.
import { useEffect, useState, type FormEvent } from 'react'
import type { AppSettings, NetworkSetting } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { Button } from '../../ui/button.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Field } from '../../ui/field.js'
import { CloseIcon, InfoIcon, PlusIcon } from '../../ui/icons.js'

type Mode = NetworkSetting['mode']

export const MODE_CHOICES: readonly { value: Mode; label: string; hint: string }[] = [
  {
    value: 'auto',
    label: 'Automatic (internet and this office network)',
    hint: 'Finds colleagues on this network and, when it is reachable, over the internet.',
  },
  {
    value: 'lan',
    label: 'This office network only',
    hint: 'Never uses the public peer-to-peer network: only devices on this network.',
  },
  {
    value: 'custom',
    label: 'Custom bootstrap nodes',
    hint: "Your office's own bootstrap nodes (from `peerdesk bootstrap`), as HOST:PORT.",
  },
]

const HOST_PORT = /^(\[[^\]\s]+\]|[^\s:[\]]+):\d{1,5}$/

interface Props {
  settings: AppSettings
  onSaved: (settings: AppSettings) => void
}

export function NetworkModeForm({ settings, onSaved }: Props) {
  const update = useAction('settings.update')
  const saved = settings.network
  const [mode, setMode] = useState<Mode>(saved.mode)
  const [nodes, setNodes] = useState<string[]>(saved.bootstrap.length ? saved.bootstrap : [''])
  // A change made elsewhere (another window, the CLI) shows up here unless the user is mid-edit.
  const [editing, setEditing] = useState(false)
  useEffect(() => {
    if (editing) return
    setMode(saved.mode)
    setNodes(saved.bootstrap.length ? saved.bootstrap : [''])
  }, [saved, editing])

  const list = nodes.map((n) => n.trim()).filter(Boolean)
  const invalid = list.filter((n) => !HOST_PORT.test(n))
  const changed = mode !== saved.mode || (mode === 'custom' && list.join(',') !== saved.bootstrap.join(','))
  const problem =
    mode !== 'custom'
      ? null
      : list.length === 0
        ? 'Add at least one bootstrap node.'
        : invalid.length > 0
          ? `${invalid[0]} is not HOST:PORT (for example 192.168.1.10:49737).`
          : null

  const edit = (change: () => void) => {
    change()
    setEditing(true)
    if (update.error) update.reset()
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!changed || problem) return
    const result = await update.run({ network: mode === 'custom' ? { mode, bootstrap: list } : { mode } })
    if (result) {
      setEditing(false)
      onSaved(result)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3 px-4 py-4" noValidate>
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          How Peerdesk finds your colleagues
        </legend>
        <div className="space-y-2">
          {MODE_CHOICES.map((choice) => (
            <label key={choice.value} className="flex items-start gap-2.5">
              <input
                type="radio"
                name="network-mode"
                className="mt-0.5 accent-accent-600"
                value={choice.value}
                checked={mode === choice.value}
                onChange={() => edit(() => setMode(choice.value))}
              />
              <span>
                <span className="block text-zinc-900 dark:text-zinc-100">{choice.label}</span>
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{choice.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'custom' && (
        <div className="space-y-2 pl-6">
          {nodes.map((node, i) => (
            <div key={i} className="flex items-end gap-2">
              <Field
                className="max-w-xs flex-1"
                label={`Bootstrap node ${i + 1}`}
                mono
                spellCheck={false}
                autoComplete="off"
                placeholder="192.168.1.10:49737"
                maxLength={300}
                value={node}
                onChange={(e) => edit(() => setNodes(nodes.map((n, j) => (j === i ? e.target.value : n))))}
              />
              {nodes.length > 1 && (
                <Button
                  variant="ghost"
                  className="h-9"
                  aria-label={`Remove bootstrap node ${i + 1}`}
                  icon={<CloseIcon />}
                  onClick={() => edit(() => setNodes(nodes.filter((_, j) => j !== i)))}
                />
              )}
            </div>
          ))}
          <Button
            size="sm"
            variant="ghost"
            icon={<PlusIcon />}
            disabled={nodes.length >= 32}
            onClick={() => edit(() => setNodes([...nodes, '']))}
          >
            Add a node
          </Button>
          {problem && changed && <p className="text-xs text-amber-800 dark:text-amber-300">{problem}</p>}
        </div>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" busy={update.pending} disabled={!changed || !!problem}>
          Save network setting
        </Button>
        {settings.restartRequired && (
          <p role="note" className="flex items-center gap-1.5 text-xs text-amber-800 dark:text-amber-300">
            <InfoIcon className="shrink-0" />
            Saved. This takes effect after Peerdesk restarts.
          </p>
        )}
      </div>
      {update.error && <ErrorBanner title="Couldn't save the network setting" error={update.error} />}
    </form>
  )
}
