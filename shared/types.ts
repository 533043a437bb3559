// Plain JSON data types of the contract: what the engine tells its clients.

export type Role = 'admin' | 'member'

export interface NetworkInfo {
  /** 'internet': the public HyperDHT bootstrap nodes; 'custom': a given list; 'lan': devices found on the LAN. */
  mode: 'internet' | 'custom' | 'lan'
  bootstrap: string[]
  host: string | null
  port: number | null
  connections: number
}

/** How this device joins the network, as saved in its settings (used at the next start). */
export interface NetworkSetting {
  /** 'auto': LAN discovery plus the public DHT when reachable; 'lan': LAN only; 'custom': `bootstrap`. */
  mode: 'auto' | 'lan' | 'custom'
  /** HOST:PORT bootstrap nodes, used in 'custom' mode (kept while another mode is chosen). */
  bootstrap: string[]
}

/** The app's own settings: `settings.get`, `settings.update`. */
export interface AppSettings {
  network: NetworkSetting
  /** Open the desktop app (hidden, in the tray) when the user logs in. */
  startAtLogin: boolean
  dataDir: string
  /** The saved network setting differs from the one the engine started with: it applies at the next start. */
  restartRequired: boolean
}

export interface DeviceStatus {
  name: string
  key: string
  fingerprint: string
  network: NetworkInfo
}

export interface Workgroup {
  id: string
  name: string
  role: Role
  members: number
  online: number
  createdAt: number
}

export interface Member {
  key: string
  name: string
  role: Role
  fingerprint: string
  addedBy: string | null
  addedAt: number
  online: boolean
  lastSeen: number | null
  self: boolean
}

export interface Invite {
  invite: string
  link: string
  expiresAt: number
}

export interface EventFrame<N extends string = string, P = unknown> {
  seq: number
  at: number
  name: N
  payload: P
}

export interface Share {
  id: string
  name: string
  groupId: string
  owner: string
  ownerName: string
  ownerOnline: boolean
  /** Shared by this device. */
  self: boolean
  /** The local folder, for a share of this device; null for others'. */
  folder: string | null
  files: number
  bytes: number
  /** Bytes of this share already in the local store. */
  localBytes: number
  version: number
  /** False when nobody who has it is online and nothing of it is here yet. */
  available: boolean
  createdAt: number
}

export interface FileEntry {
  path: string
  name: string
  type: 'file' | 'dir'
  size: number
  mtime: number | null
}

export interface HistoryEntry {
  version: number
  time: number | null
  added: number
  changed: number
  removed: number
  /** For one file's history: its size then, and whether it was deleted in that version. */
  size: number | null
  deleted: boolean | null
}

export type TransferKind = 'download' | 'sync' | 'restore' | 'import'
export type TransferState = 'running' | 'paused' | 'done' | 'failed' | 'cancelled'

export interface Transfer {
  id: string
  kind: TransferKind
  share: string
  path: string
  bytesDone: number
  bytesTotal: number
  rate: number
  peers: number
  state: TransferState
  error: { code: string; message: string } | null
  startedAt: number
  endedAt: number | null
}

export interface SyncInfo {
  share: string
  dest: string
  paused: boolean
  state: 'idle' | 'syncing' | 'error'
  lastSyncedAt: number | null
  conflicts: number
  error: string | null
}

/** How a connection to a member travels: same network, holepunched across the internet, or via a relay. */
export type ConnectionPath = 'lan' | 'holepunched' | 'relayed'

export interface PeerConnection {
  key: string
  /** The member's name from a shared group's roster; null while pairing. */
  name: string | null
  path: ConnectionPath
  /** The remote end of the UDP stream ("host:port"): the relay's address when relayed. */
  address: string | null
  rttMs: number | null
  /** When this connection was admitted as a member's (ms since epoch). */
  connectedAt: number
}

export interface LanDevice {
  /** The device's DHT address ("host:port"); mDNS tells nothing else about it. */
  address: string
  seenAt: number
}

export interface NetworkReport {
  /** internet: the public DHT; custom: a given bootstrap list; lan: a DHT of the devices on this network. */
  mode: 'internet' | 'custom' | 'lan'
  bootstrap: {
    nodes: string[]
    /** Whether any node outside this LAN answered (false in LAN mode: nothing routes out). */
    reachable: boolean
  }
  dht: {
    /** Where others reach this device's DHT node ("host:port"): give it to `peerdesk connect`. */
    address: string | null
    /** The port the DHT socket is bound to on this device. */
    localPort: number | null
    firewalled: boolean
    /** Nodes in the routing table. */
    nodes: number
  }
  lan: {
    enabled: boolean
    devices: LanDevice[]
    /** From start to the first mDNS answer. */
    firstAnswerMs: number | null
    /** Why mDNS could not send or listen (ENETUNREACH, EADDRINUSE…). */
    error: string | null
  }
  /** Addresses added with `peerdesk connect`, kept across restarts. */
  manualPeers: string[]
  relay: { through: string | null }
  connections: PeerConnection[]
  /** Plain-language hints when something looks blocked. */
  advice: string[]
}

/** Who may print on a shared printer: everyone, only after the owner approves each job, or nobody. */
export type PrintPolicy = 'allow' | 'ask' | 'deny'

export interface PrinterPolicy {
  policy: PrintPolicy
  /** Per-member exceptions, by device key. */
  overrides: Record<string, PrintPolicy>
}

/** A printer a member offers to a group, with what it can do. */
export interface Printer {
  id: string
  name: string
  groupId: string
  owner: string
  ownerName: string
  ownerOnline: boolean
  /** Offered by this device. */
  self: boolean
  state: 'idle' | 'printing' | 'stopped'
  color: boolean
  duplex: boolean
  /** Paper sizes by the driver's names (A4, Letter, ...). */
  media: string[]
  /** Who may print: known only on the owner's device (null elsewhere). */
  policy: PrinterPolicy | null
  updatedAt: number
}

/** A print queue of this device, that it could offer. */
export interface LocalPrinter {
  queue: string
  description: string
  state: 'idle' | 'printing' | 'stopped'
  isDefault: boolean
  color: boolean
  duplex: boolean
  media: string[]
  /** Where this queue is offered already. */
  offered: { groupId: string; printer: string }[]
}

export type PrintJobState =
  'sent' | 'waiting-approval' | 'queued' | 'printing' | 'completed' | 'failed' | 'cancelled'

export interface PrintJob {
  id: string
  printer: string
  printerName: string
  groupId: string
  /** sent: this device printed on someone's printer; received: someone printed on ours. */
  direction: 'sent' | 'received'
  /** The sender's device key. */
  from: string
  fromName: string
  title: string
  /** The document's type, sniffed from its bytes. */
  type: string
  size: number
  /** Known once the owner checked the file (PDF, images); null for text and before. */
  pages: number | null
  copies: number
  sides: 'one-sided' | 'two-sided-long-edge' | 'two-sided-short-edge' | null
  color: 'color' | 'monochrome' | null
  media: string | null
  state: PrintJobState
  /** Why it failed or was cancelled, for a person. */
  reason: string | null
  /** The same for a program: the error code and the rule that refused it (TOO_LARGE, DECLINED, ...). */
  error: { code: string; reason: string | null } | null
  createdAt: number
  updatedAt: number
}
