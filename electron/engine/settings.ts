// The device's own settings (name, network, the groups it belongs to), in <dataDir>/settings.json.
import os from 'node:os'
import path from 'node:path'
import type { NetworkSetting } from '../../shared/types.js'
import { readJson, writeJson } from './json-file.js'

export interface GroupEntry {
  /** The Autobase bootstrap key (hex). */
  key: string
  encryptionKey: string
  /** Namespace of this group's cores in the corestore: fixed before the group key is known. */
  namespace: string
  joinedAt: number
  /** Last time each member was seen connected, by device key. */
  lastSeen: Record<string, number>
}

/** A folder this device shares: the drive lives in its own corestore namespace. */
export interface OwnShareEntry {
  id: string
  /** The group's Autobase key (hex). */
  group: string
  folder: string
  namespace: string
  drive: string
}

/** A local folder kept a live copy of a share. */
export interface SyncEntry {
  share: string
  dest: string
  paused: boolean
}

export interface SettingsData {
  version: 1
  name: string
  groups: GroupEntry[]
  ownShares: OwnShareEntry[]
  syncs: SyncEntry[]
  /** DHT nodes added by address (`peerdesk connect`, "host:port"): bootstrapped from at every start. */
  peers: string[]
  /** How to join the network at the next start, when the host is given no network flags. */
  network: NetworkSetting
  /** The desktop app opens at login (the Electron shell applies it). */
  startAtLogin: boolean
}

export class Settings {
  readonly #file: string
  #data: SettingsData
  #writing: Promise<void> = Promise.resolve()

  private constructor(file: string, data: SettingsData) {
    this.#file = file
    this.#data = data
  }

  static async load(dataDir: string): Promise<Settings> {
    const file = path.join(dataDir, 'settings.json')
    const stored = await readJson<Partial<SettingsData>>(file)
    const data: SettingsData = {
      version: 1,
      name: typeof stored?.name === 'string' && stored.name ? stored.name : defaultName(),
      groups: Array.isArray(stored?.groups) ? stored.groups : [],
      ownShares: Array.isArray(stored?.ownShares) ? stored.ownShares : [],
      syncs: Array.isArray(stored?.syncs) ? stored.syncs : [],
      peers: Array.isArray(stored?.peers) ? stored.peers.filter((p) => typeof p === 'string') : [],
      network: storedNetwork(stored?.network),
      startAtLogin: stored?.startAtLogin === true,
    }
    return new Settings(file, data)
  }

  get data(): Readonly<SettingsData> {
    return this.#data
  }

  /** Change and persist; writes are serialised so the last change always wins on disk. */
  update(change: (data: SettingsData) => void): Promise<void> {
    change(this.#data)
    const snapshot = structuredClone(this.#data)
    this.#writing = this.#writing.then(() => writeJson(this.#file, snapshot, 0o600))
    return this.#writing
  }

  flush(): Promise<void> {
    return this.#writing
  }
}

/** A settings.json from an older version (or edited by hand) falls back to 'auto'. */
function storedNetwork(stored: unknown): NetworkSetting {
  const value = (stored ?? {}) as Partial<Record<keyof NetworkSetting, unknown>>
  const bootstrap = Array.isArray(value.bootstrap)
    ? value.bootstrap.filter((b): b is string => typeof b === 'string')
    : []
  const mode = value.mode === 'lan' || value.mode === 'custom' ? value.mode : 'auto'
  // 'custom' with nothing to bootstrap from would leave the device alone: fall back.
  return { mode: mode === 'custom' && bootstrap.length === 0 ? 'auto' : mode, bootstrap }
}

function defaultName(): string {
  const host = os.hostname().split('.')[0] ?? ''
  return host.slice(0, 64) || 'My device'
}
