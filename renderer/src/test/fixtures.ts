// Plain contract data for tests: one device, a couple of groups and members.
import type {
  DeviceStatus,
  FileEntry,
  Member,
  NetworkReport,
  PrintJob,
  Printer,
  Share,
  Transfer,
  Workgroup,
} from '../../../shared/types.js'

export const SELF_KEY = 'a'.repeat(64)
export const NOW = Date.now()

export function device(overrides: Partial<DeviceStatus> = {}): DeviceStatus {
  return {
    name: 'Alice',
    key: SELF_KEY,
    fingerprint: 'ybnd-rk3x-pq8e',
    network: { mode: 'internet', bootstrap: [], host: null, port: null, connections: 2 },
    ...overrides,
  }
}

export function group(overrides: Partial<Workgroup> = {}): Workgroup {
  return {
    id: 'g1',
    name: 'Front office',
    role: 'admin',
    members: 3,
    online: 2,
    createdAt: NOW - 86_400_000,
    ...overrides,
  }
}

export function member(overrides: Partial<Member> & Pick<Member, 'key' | 'name'>): Member {
  return {
    role: 'member',
    fingerprint: `${overrides.key.slice(0, 4)}-fp00-0000`,
    addedBy: SELF_KEY,
    addedAt: NOW - 3600_000,
    online: false,
    lastSeen: null,
    self: false,
    ...overrides,
  }
}

export const alice = member({
  key: SELF_KEY,
  name: 'Alice',
  role: 'admin',
  online: true,
  lastSeen: NOW,
  self: true,
  addedBy: null,
})
export const bob = member({ key: 'b'.repeat(64), name: 'Bob', online: true, lastSeen: NOW })
export const carol = member({ key: 'c'.repeat(64), name: 'Carol', online: false, lastSeen: NOW - 5 * 60_000 })

export function share(overrides: Partial<Share> & Pick<Share, 'id' | 'name'>): Share {
  return {
    groupId: 'g1',
    owner: bob.key,
    ownerName: 'Bob',
    ownerOnline: true,
    self: false,
    folder: null,
    files: 3,
    bytes: 3_000_000,
    localBytes: 0,
    version: 4,
    available: true,
    createdAt: NOW - 3600_000,
    ...overrides,
  }
}

export function entry(path: string, overrides: Partial<FileEntry> = {}): FileEntry {
  return {
    path,
    name: path.split('/').pop() ?? path,
    type: 'file',
    size: 1000,
    mtime: NOW - 86_400_000,
    ...overrides,
  }
}

export function transfer(overrides: Partial<Transfer> = {}): Transfer {
  return {
    id: '0123456789abcdef',
    kind: 'download',
    share: 's1',
    path: '/report.pdf',
    bytesDone: 0,
    bytesTotal: 2_000_000,
    rate: 0,
    peers: 1,
    state: 'running',
    error: null,
    startedAt: Date.now(),
    endedAt: null,
    ...overrides,
  }
}

export function printer(overrides: Partial<Printer> & Pick<Printer, 'id' | 'name'>): Printer {
  return {
    groupId: 'g1',
    owner: bob.key,
    ownerName: 'Bob',
    ownerOnline: true,
    self: false,
    state: 'idle',
    color: true,
    duplex: true,
    media: ['A4', 'Letter'],
    policy: null,
    updatedAt: NOW,
    ...overrides,
  }
}

export function printJob(overrides: Partial<PrintJob> = {}): PrintJob {
  return {
    id: '00112233aabbccdd',
    printer: 'p1',
    printerName: 'Office laser',
    groupId: 'g1',
    direction: 'sent',
    from: SELF_KEY,
    fromName: 'Alice',
    title: 'letter.pdf',
    type: 'application/pdf',
    size: 120_000,
    pages: 3,
    copies: 1,
    sides: null,
    color: null,
    media: null,
    state: 'sent',
    reason: null,
    error: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  }
}

export function networkReport(overrides: Partial<NetworkReport> = {}): NetworkReport {
  return {
    mode: 'internet',
    bootstrap: { nodes: ['node1.hyperdht.org:49737'], reachable: true },
    dht: { address: '203.0.113.7:49737', localPort: 49737, firewalled: false, nodes: 20 },
    lan: { enabled: true, devices: [], firstAnswerMs: null, error: null },
    manualPeers: [],
    relay: { through: null },
    connections: [],
    advice: [],
    ...overrides,
  }
}
