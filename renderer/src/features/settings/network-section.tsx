import type { NetworkInfo } from '../../../../shared/types.js'
import { Badge } from '../../ui/badge.js'
import { Row, Section } from '../../ui/layout.js'
import { StatusDot } from '../../ui/status-dot.js'

export function NetworkSection({ network }: { network: NetworkInfo }) {
  const listen = listenText(network)
  return (
    <Section title="Network" description="How this device finds the other members of your workgroups.">
      <dl>
        <Row label="Discovery">
          {network.mode === 'internet' ? (
            <span className="flex items-center gap-2">
              Public peer-to-peer network <Badge>HyperDHT</Badge>
            </span>
          ) : (
            <span className="flex items-center gap-2">
              Private bootstrap nodes <Badge tone="accent">Custom</Badge>
            </span>
          )}
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
