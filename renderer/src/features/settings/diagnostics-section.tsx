// What `network.doctor` found, in plain words: can this device reach the peer-to-peer network, is it
// behind a firewall, which devices it sees on the office network, and how each colleague is connected.
import type { AppError } from '../../../../shared/errors.js'
import type { ConnectionPath, NetworkReport, PeerConnection } from '../../../../shared/types.js'
import { Button } from '../../ui/button.js'
import { cx } from '../../ui/cx.js'
import { ErrorBanner } from '../../ui/error-banner.js'
import { AlertIcon, CheckIcon, RefreshIcon } from '../../ui/icons.js'
import { Row, Section } from '../../ui/layout.js'
import { Spinner } from '../../ui/spinner.js'
import { StatusDot } from '../../ui/status-dot.js'
import { plural } from '../../ui/format.js'

interface Props {
  report: NetworkReport | undefined
  error: AppError | null
  loading: boolean
  onRefresh: () => void
}

export function DiagnosticsSection({ report, error, loading, onRefresh }: Props) {
  return (
    <Section
      title="Diagnostics"
      description="If colleagues show as offline, this says what Peerdesk sees of the network."
      aside={
        <Button size="sm" icon={<RefreshIcon size={14} />} busy={loading} onClick={onRefresh}>
          Check again
        </Button>
      }
    >
      {error && !report && (
        <ErrorBanner
          className="m-4"
          title="Couldn't run the network check"
          error={error}
          onRetry={onRefresh}
        />
      )}
      {!report && !error && (
        <p role="status" className="flex items-center gap-2 px-4 py-4 text-zinc-500 dark:text-zinc-400">
          <Spinner size={14} /> Checking the network…
        </p>
      )}
      {report && <Report report={report} />}
    </Section>
  )
}

function Report({ report }: { report: NetworkReport }) {
  const { bootstrap, dht, lan, relay } = report
  return (
    <>
      <Advice advice={report.advice} />
      <dl>
        <Row label="Peer-to-peer network">
          {report.mode === 'lan' ? (
            <span>Not used: Peerdesk stays on this office network</span>
          ) : (
            <Check ok={bootstrap.reachable}>
              {bootstrap.reachable
                ? 'Reachable'
                : `Not reachable (${plural(bootstrap.nodes.length, 'bootstrap node')} tried)`}
            </Check>
          )}
        </Row>
        <Row label="This device">
          <Check ok={!dht.firewalled} warnOnly>
            {dht.firewalled
              ? 'Behind a firewall or router: others reach it by holepunching or a relay'
              : 'Others can connect to it directly'}
          </Check>
          <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">
            {dht.address ? <span className="selectable font-mono">{dht.address}</span> : 'No address yet'}
            {` · ${plural(dht.nodes, 'node')} known`}
          </span>
        </Row>
        <Row label="Office network">
          {!lan.enabled ? (
            'Not searched'
          ) : lan.error ? (
            <Check ok={false}>Can't search it: {lan.error}</Check>
          ) : (
            <span>
              {lan.devices.length === 0
                ? 'No other Peerdesk devices seen'
                : `${plural(lan.devices.length, 'device')} seen`}
              {lan.devices.length > 0 && (
                <span className="selectable mt-0.5 block font-mono text-xs text-zinc-500 dark:text-zinc-400">
                  {lan.devices.map((d) => d.address).join(', ')}
                </span>
              )}
            </span>
          )}
        </Row>
        {report.manualPeers.length > 0 && (
          <Row label="Added by address">
            <span className="selectable font-mono text-xs">{report.manualPeers.join(', ')}</span>
          </Row>
        )}
        {relay.through && (
          <Row label="Relay">
            <span className="selectable font-mono text-xs">{relay.through}</span>
          </Row>
        )}
      </dl>
      <Connections list={report.connections} />
    </>
  )
}

function Advice({ advice }: { advice: readonly string[] }) {
  if (advice.length === 0) {
    return (
      <p className="flex items-center gap-2 border-b border-zinc-100 px-4 py-2.5 text-emerald-700 dark:border-zinc-800/70 dark:text-emerald-400">
        <CheckIcon size={15} /> Nothing looks blocked.
      </p>
    )
  }
  return (
    <div className="m-4 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-100">
      <p className="flex items-center gap-2 font-semibold">
        <AlertIcon size={15} className="text-amber-600 dark:text-amber-400" /> What to try
      </p>
      <ul aria-label="Advice" className="mt-1 list-disc space-y-0.5 pl-6">
        {advice.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </div>
  )
}

function Check({ ok, warnOnly, children }: { ok: boolean; warnOnly?: boolean; children: React.ReactNode }) {
  return (
    <span className="flex items-center gap-2">
      <StatusDot tone={ok ? 'online' : warnOnly ? 'warning' : 'error'} />
      {children}
    </span>
  )
}

const pathText: Record<ConnectionPath, string> = {
  lan: 'Same network',
  holepunched: 'Direct over the internet',
  relayed: 'Through a relay',
}

function Connections({ list }: { list: readonly PeerConnection[] }) {
  return (
    <div className="border-t border-zinc-100 dark:border-zinc-800/70">
      <h3 className="px-4 pt-3 pb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Connected members
      </h3>
      {list.length === 0 ? (
        <p className="px-4 pb-3 text-zinc-500 dark:text-zinc-400">Nobody is connected right now.</p>
      ) : (
        <table aria-label="Connected members" className="mb-2 w-full text-left">
          <thead className="text-xs text-zinc-500 dark:text-zinc-400">
            <tr>
              <th className="px-4 py-1 font-medium">Member</th>
              <th className="px-2 py-1 font-medium">How</th>
              <th className="px-2 py-1 font-medium">Address</th>
              <th className="px-4 py-1 text-right font-medium">Round trip</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.key} className="border-t border-zinc-100 dark:border-zinc-800/70">
                <td className="truncate px-4 py-1.5 text-zinc-900 dark:text-zinc-100">
                  {c.name ?? `${c.key.slice(0, 8)}… (pairing)`}
                </td>
                <td
                  className={cx('px-2 py-1.5', c.path === 'relayed' && 'text-amber-800 dark:text-amber-300')}
                >
                  {pathText[c.path]}
                </td>
                <td className="selectable px-2 py-1.5 font-mono text-xs">{c.address ?? '—'}</td>
                <td className="px-4 py-1.5 text-right tabular-nums">
                  {c.rttMs === null ? '—' : `${Math.round(c.rttMs)} ms`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
