import type { ReactNode } from 'react'
import type { NetworkInfo } from '../../../../shared/types.js'
import { Badge } from '../../ui/badge.js'
import { Row, Section } from '../../ui/layout.js'
import { StatusDot } from '../../ui/status-dot.js'

/** What the engine runs with now; `children` is the saved setting to change (for the next start). */
export function NetworkSection({ network, children }: { network: NetworkInfo; children?: ReactNode }) {
  const listen = listenText(network)
  return (
    <Section title="Network" description="How this device finds the other members of your workgroups.">
      {children && <div className="border-b border-zinc-200 dark:border-zinc-800">{children}</div>}
      <dl>
        <Row label="Discovery">
          <span className="flex items-center gap-2">
            {modeText[network.mode]}{' '}
            <Badge tone={network.mode === 'internet' ? 'neutral' : 'accent'}>{modeBadge[network.mode]}</Badge>
          </span>
        </Row>
        {network.mode === 'custom' && (
          <Row label="Bootstrap nodes">
            <ul className="selectable space-y-0.5 font-mono text-xs">
              {network.bootstrap.map((node) => (
                <li key={node}>{node}</li>
              ))}
            </ul>
          </Row>
        )}
        <Row label="Listening on">
          {listen ? <span className="selectable font-mono text-xs">{listen}</span> : 'Chosen automatically'}
        </Row>
        <Row label="Connections">
          <span className="flex items-center gap-2">
            <StatusDot tone={network.connections > 0 ? 'online' : 'offline'} />
            {connectionsText(network.connections)}
          </span>
        </Row>
      </dl>
    </Section>
  )
}

export const modeText: Record<NetworkInfo['mode'], string> = {
  internet: 'Over the internet, through the public peer-to-peer network',
  custom: 'Private bootstrap nodes',
  lan: 'This office network only',
}

const modeBadge: Record<NetworkInfo['mode'], string> = {
  internet: 'Internet',
  custom: 'Custom',
  lan: 'LAN only',
}

export function connectionsText(n: number): string {
  if (n === 0) return 'No peers connected'
  return n === 1 ? '1 peer connected' : `${n} peers connected`
}

function listenText({ host, port }: NetworkInfo): string | null {
  if (host && port) return `${host}:${port}`
  if (host) return `${host}, any free port`
  if (port) return `All interfaces, port ${port}`
  return null
}
