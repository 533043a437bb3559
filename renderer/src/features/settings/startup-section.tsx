// "Start Peerdesk when I log in": only the desktop app can register itself with the OS.
import type { AppSettings } from '../../../../shared/types.js'
import { useAction } from '../../rpc/use-rpc.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { Section } from '../../ui/layout.js'

interface Props {
  settings: AppSettings
  onSaved: (settings: AppSettings) => void
}

export function StartupSection({ settings, onSaved }: Props) {
  const update = useAction('settings.update')
  const desktop = !!window.peerdesk
  const toggle = async (startAtLogin: boolean) => {
    const result = await update.run({ startAtLogin })
    if (result) onSaved(result)
  }
  return (
    <Section title="Startup" description="Keep your folders in sync from the moment you log in.">
      <div className="px-4 py-4">
        <label className="flex items-center gap-2.5">
          <input
            type="checkbox"
            className="accent-accent-600"
            checked={settings.startAtLogin}
            disabled={!desktop || update.pending}
            aria-describedby={desktop ? undefined : 'start-at-login-note'}
            onChange={(e) => void toggle(e.target.checked)}
          />
          <span className={desktop ? '' : 'text-zinc-500 dark:text-zinc-400'}>
            Start Peerdesk when I log in
          </span>
        </label>
        {!desktop && (
          <p id="start-at-login-note" className="mt-1.5 pl-6 text-xs text-zinc-500 dark:text-zinc-400">
            Only the desktop app can start at login: here in the browser, start `peerdesk serve` yourself.
          </p>
        )}
      </div>
      {update.error && (
        <ErrorBanner className="mx-4 mb-4" title="Couldn't change the startup setting" error={update.error} />
      )}
    </Section>
  )
}
