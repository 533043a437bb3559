// Settings: the name others see, how this device finds peers, and facts to quote when asking for help.
import { useEffect } from 'react'
import { ErrorBanner } from '../../ui/error-banner.js'
import { PageHeader } from '../../ui/layout.js'
import { LoadingPane } from '../../ui/spinner.js'
import { useDevice } from '../device/device-context.js'
import { AboutSection } from './about-section.js'
import { NetworkSection } from './network-section.js'
import { ProfileSection } from './profile-section.js'

// The contract has no event for connection changes, so refresh the count while this page is open.
const REFRESH_MS = 5000

export function SettingsView() {
  const device = useDevice()
  const { reload } = device
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
              <NetworkSection network={device.data.network} />
              <AboutSection status={device.data} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}
