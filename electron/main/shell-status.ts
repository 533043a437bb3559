// What the tray shows, kept current from the engine through the same contract every client uses:
// group names (for notifications), members online, transfers in flight. It is a client like any other,
// so it never reaches into engine objects.
import type { RpcClient } from '../../shared/rpc-client.js'
import type { AnyEvent } from '../../shared/contract.js'
import type { TrayStatus } from './tray-service.js'

type StatusClient = Pick<RpcClient, 'call' | 'on'>

const TRANSFER_START = new Set(['transfer.started'])
const TRANSFER_END = new Set(['transfer.completed', 'transfer.failed', 'transfer.cancelled'])

export class ShellStatus {
  readonly #client: StatusClient
  readonly #onChange: (change: Partial<TrayStatus>) => void
  readonly #groups = new Map<string, string>()
  readonly #online = new Map<string, Set<string>>()
  readonly #transfers = new Set<string>()
  readonly #log: (msg: string) => void

  constructor(
    client: StatusClient,
    onChange: (change: Partial<TrayStatus>) => void,
    log = (_: string) => {},
  ) {
    this.#client = client
    this.#onChange = onChange
    this.#log = log
    client.on('*', (event) => this.#onEvent(event))
  }

  groupName(id: string): string | undefined {
    return this.#groups.get(id)
  }

  get membersOnline(): number {
    const keys = new Set<string>()
    for (const set of this.#online.values()) for (const key of set) keys.add(key)
    return keys.size
  }

  /** Re-read groups and rosters: at start, after an engine restart, and when the roster changes. */
  async refresh(): Promise<void> {
    const groups = await this.#client.call('workgroup.list', {})
    this.#groups.clear()
    this.#online.clear()
    for (const group of groups) {
      this.#groups.set(group.id, group.name)
      const members = await this.#client.call('member.list', { group: group.id })
      this.#online.set(group.id, new Set(members.filter((m) => m.online && !m.self).map((m) => m.key)))
    }
    this.#emit()
  }

  #onEvent(event: AnyEvent): void {
    const name: string = event.name
    const payload = event.payload as Record<string, unknown>
    switch (event.name) {
      case 'member.online':
        this.#set(event.payload.groupId).add(event.payload.key)
        break
      case 'member.offline':
      case 'member.left':
      case 'member.removed':
        this.#online.get(event.payload.groupId)?.delete(event.payload.key)
        break
      case 'group.created':
      case 'group.joined':
        this.#groups.set(event.payload.group.id, event.payload.group.name)
        break
      case 'group.left':
        this.#groups.delete(event.payload.groupId)
        this.#online.delete(event.payload.groupId)
        break
      case 'group.updated':
        this.#background(this.refresh())
        return
      default: {
        // Transfer events are not in the contract yet; counted by name and id when they arrive.
        const id = typeof payload.id === 'string' ? payload.id : null
        if (!id) return
        if (TRANSFER_START.has(name)) this.#transfers.add(id)
        else if (TRANSFER_END.has(name)) this.#transfers.delete(id)
        else return
      }
    }
    this.#emit()
  }

  #set(groupId: string): Set<string> {
    let set = this.#online.get(groupId)
    if (!set) this.#online.set(groupId, (set = new Set()))
    return set
  }

  #emit(): void {
    this.#onChange({ membersOnline: this.membersOnline, transfers: this.#transfers.size })
  }

  #background(p: Promise<unknown>): void {
    p.catch((err: unknown) => this.#log(`status refresh failed: ${String(err)}`))
  }
}
