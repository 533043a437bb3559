// Settings: the name others see, how this device finds peers (the saved mode, diagnostics and adding a
// device by address), starting at login, and facts to quote when asking for help.
import { useEffect } from 'react'
import type { Result } from '../../../../shared/contract.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { PageHeader } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { useDevice } from '../device/device-context.js'
import { useEvent } from '../../rpc/use-events.js'
import { useRpc } from '../../rpc/use-rpc.js'
import { AboutSection } from './about-section.js'
import { ConnectSection } from './connect-section.js'
import { DiagnosticsSection } from './diagnostics-section.js'
import { NetworkModeForm } from './network-mode-form.js'
import { NetworkSection } from './network-section.js'
import { ProfileSection } from './profile-section.js'
import { StartupSection } from './startup-section.js'

// The contract has no event for connection changes, so refresh the count while this page is open.
const REFRESH_MS = 5000

export function SettingsView() {
  const device = useDevice()
  const { reload } = device
  // The check pings the network, so it runs when the page opens and on request, not on a timer.
  const doctor = useRpc('network.doctor', {})
  const settings = useRpc('settings.get', {})
  const { setData: setSettings } = settings
  useEvent('settings.updated', (event) => setSettings(() => event.payload.settings))
  const saved = (next: Result<'settings.get'>) => setSettings(() => next)
  useEffect(() => {
    reload()
    const timer = setInterval(reload, REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])

  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="Settings" subtitle="This device and how it connects to your workgroups" />
      <div className="min-h-0 flex-1 overflow-y-auto px-6 py-5">
        <div className="max-w-3xl space-y-4">
          {device.error && !device.data && (
            <ErrorBanner title="Couldn't load this device's status" error={device.error} onRetry={reload} />
          )}
          {!device.data && !device.error && <LoadingPane label="Loading settings…" />}
          {device.data && (
            <>
              <ProfileSection name={device.data.name} />
              <NetworkSection network={device.data.network}>
                {settings.data ? (
                  <NetworkModeForm settings={settings.data} onSaved={saved} />
                ) : settings.error ? (
                  <ErrorBanner
                    className="m-4"
                    title="Couldn't load the network setting"
                    error={settings.error}
                    onRetry={settings.reload}
                  />
                ) : null}
              </NetworkSection>
              <DiagnosticsSection
                report={doctor.data}
                error={doctor.error}
                loading={doctor.loading}
                onRefresh={doctor.reload}
              />
              <ConnectSection ownAddress={doctor.data?.dht.address ?? null} onConnected={doctor.reload} />
              {settings.data && <StartupSection settings={settings.data} onSaved={saved} />}
              <AboutSection status={device.data} dataDir={settings.data?.dataDir} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}
