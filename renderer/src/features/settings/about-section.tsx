import type { DeviceStatus } from '../../../../shared/types.js'
import { CopyButton } from '../../ui/copy-button.js'
import { Row, Section } from '../../ui/layout.js'
import { Fingerprint } from '../device/fingerprint.js'
import { connectionsText } from './network-section.js'

// Set by vite's `define`; absent when the components run under the test runner.
const VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development'

export function AboutSection({ status, dataDir }: { status: DeviceStatus; dataDir?: string | undefined }) {
  return (
    <Section title="About" description="Quote these when someone helps you set up or troubleshoot Peerdesk.">
      <dl>
        <Row label="Version">Peerdesk {VERSION}</Row>
        <Row label="Device fingerprint">
          <span className="flex items-center justify-between gap-3">
            <Fingerprint value={status.fingerprint} size="lg" />
            <CopyButton text={status.fingerprint} label="Copy fingerprint" />
          </span>
        </Row>
        <Row label="Device key">
          <span className="flex items-center justify-between gap-3">
            <span
              className="selectable truncate font-mono text-xs text-zinc-600 dark:text-zinc-300"
              title={status.key}
            >
              {status.key}
            </span>
            <CopyButton text={status.key} label="Copy device key" />
          </span>
        </Row>
        <Row label="Connections">{connectionsText(status.network.connections)}</Row>
        {dataDir && (
          <Row label="Data folder">
            <span className="flex items-center justify-between gap-3">
              <span
                className="selectable truncate font-mono text-xs text-zinc-600 dark:text-zinc-300"
                title={dataDir}
              >
                {dataDir}
              </span>
              <CopyButton text={dataDir} label="Copy data folder path" />
            </span>
          </Row>
        )}
        <Row label="Running in">{window.peerdesk ? 'Desktop app' : 'Browser'}</Row>
      </dl>
    </Section>
  )
}
