import { describe, expect, it } from 'vitest'
import type { NetworkReport } from '../../../shared/types.js'
import { adviceFor } from './doctor-advice.js'

function report(change: (r: NetworkReport) => void = () => undefined): NetworkReport {
  const r: NetworkReport = {
    mode: 'lan',
    bootstrap: { nodes: ['88.99.3.86:49737'], reachable: false },
    dht: { address: '10.0.0.2:49738', localPort: 49738, firewalled: false, nodes: 2 },
    lan: {
      enabled: true,
      devices: [{ address: '10.0.0.3:49738', seenAt: 1 }],
      firstAnswerMs: 6,
      error: null,
    },
    manualPeers: [],
    relay: { through: null },
    connections: [
      { key: 'ab'.repeat(32), name: 'Bo', path: 'lan', address: '10.0.0.3:49738', rttMs: 1, connectedAt: 1 },
    ],
    advice: [],
  }
  change(r)
  return r
}

describe('network doctor advice', () => {
  it('says nothing when the LAN works', () => {
    expect(adviceFor(report(), { members: 1, platform: 'linux' })).toEqual([])
  })

  it('calls multicast filtered when LAN devices are reachable but none answered mDNS', () => {
    const advice = adviceFor(
      report((r) => (r.lan.devices = [])),
      { members: 1, platform: 'linux' },
    )
    expect(advice.join(' ')).toMatch(/Multicast looks filtered/)
  })

  it('explains a multicast send error and points at peerdesk connect', () => {
    const advice = adviceFor(
      report((r) => {
        r.lan.devices = []
        r.lan.error = 'ENETUNREACH'
        r.connections = []
      }),
      { members: 2, platform: 'linux' },
    )
    expect(advice.join(' ')).toMatch(/cannot use multicast.*ENETUNREACH/)
    expect(advice.join(' ')).toMatch(/peerdesk connect HOST:PORT/)
    expect(advice.join(' ')).toMatch(/2 members are not connected/)
  })

  it('says when the public DHT does not answer (UDP blocked)', () => {
    const advice = adviceFor(
      report((r) => (r.mode = 'internet')),
      { members: 1, platform: 'linux' },
    )
    expect(advice.join(' ')).toMatch(/public DHT does not answer/)
  })

  it('names relayed connections and the Windows firewall prompt', () => {
    const advice = adviceFor(
      report((r) => {
        r.mode = 'custom'
        r.bootstrap = { nodes: ['10.0.0.1:49737'], reachable: true }
        r.connections = [{ ...r.connections[0]!, path: 'relayed', address: '10.0.0.1:49737' }]
      }),
      { members: 2, platform: 'win32' },
    )
    expect(advice.join(' ')).toMatch(/Bo is relayed through 10\.0\.0\.1:49737/)
    expect(advice.join(' ')).toMatch(/Windows Defender Firewall.*UDP port 49738/)
  })
})
