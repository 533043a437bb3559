// Plain JSON data types of the contract: what the engine tells its clients.

export type Role = 'admin' | 'member'

export interface NetworkInfo {
  /** 'internet' uses the public HyperDHT bootstrap nodes; 'custom' a given list. */
  mode: 'internet' | 'custom'
  bootstrap: string[]
  host: string | null
  port: number | null
  connections: number
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
