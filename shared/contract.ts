// The contract between the engine and its clients: one map of methods, one of events.
import type { z } from 'zod'
import type { Schemas } from './schemas.js'
import type {
  AppSettings,
  DeviceStatus,
  EventFrame,
  FileEntry,
  HistoryEntry,
  Invite,
  LocalPrinter,
  Member,
  NetworkReport,
  PrintJob,
  Printer,
  PrinterPolicy,
  Share,
  SyncInfo,
  Transfer,
  Workgroup,
} from './types.js'

interface Results {
  'device.status': DeviceStatus
  'device.rename': DeviceStatus
  'workgroup.create': { id: string }
  'workgroup.list': Workgroup[]
  'workgroup.leave': { id: string }
  'invite.create': Invite
  'invite.redeem': { group: string }
  'member.list': Member[]
  'member.remove': { key: string }
  'events.subscribe': { events: AnyEvent[]; lastSeq: number; gap: boolean }
  'share.create': { id: string }
  'share.remove': { id: string }
  'share.list': Share[]
  'share.browse': FileEntry[]
  'share.history': HistoryEntry[]
  'share.restore': { transfer: string }
  'share.drop': { id: string; freedBytes: number }
  'file.download': { transfer: string }
  'sync.add': SyncInfo
  'sync.remove': { share: string; dest: string }
  'sync.list': SyncInfo[]
  'sync.pause': SyncInfo[]
  'transfer.list': Transfer[]
  'transfer.cancel': { id: string }
  'network.connect': { address: string; reachable: boolean; peers: string[] }
  'network.doctor': NetworkReport
  'printer.local': LocalPrinter[]
  'printer.list': Printer[]
  'printer.offer': Printer
  'printer.withdraw': { id: string }
  'printer.policy': PrinterPolicy
  'print.submit': { job: string }
  'print.jobs': PrintJob[]
  'print.cancel': { job: string }
  'print.approve': { job: string }
  'print.decline': { job: string }
  'settings.get': AppSettings
  'settings.update': AppSettings
}

export type MethodName = keyof Schemas & keyof Results
export type Params<M extends MethodName> = z.input<Schemas[M]>
export type ParsedParams<M extends MethodName> = z.output<Schemas[M]>
export type Result<M extends MethodName> = Results[M]

export interface Events {
  'device.renamed': { name: string }
  'group.created': { group: Workgroup }
  'group.joined': { group: Workgroup }
  'group.left': { groupId: string }
  'group.updated': { groupId: string }
  'member.joined': { groupId: string; member: Member }
  'member.left': { groupId: string; key: string }
  'member.removed': { groupId: string; key: string; by: string }
  'member.renamed': { groupId: string; key: string; name: string }
  'member.online': { groupId: string; key: string }
  'member.offline': { groupId: string; key: string; lastSeen: number }
  'invite.redeemed': { groupId: string; key: string; name: string }
  'share.added': { groupId: string; share: Share }
  'share.removed': { groupId: string; shareId: string }
  'share.updated': { shareId: string; version: number }
  'transfer.started': { transfer: Transfer }
  'transfer.progressed': { transfer: Transfer }
  'transfer.completed': { transfer: Transfer }
  'transfer.failed': { transfer: Transfer }
  'transfer.cancelled': { transfer: Transfer }
  'sync.updated': { sync: SyncInfo }
  'sync.conflict': { share: string; dest: string; path: string; keptAs: string | null; reason: string }
  'printer.added': { groupId: string; printer: Printer }
  'printer.updated': { groupId: string; printer: Printer }
  'printer.removed': { groupId: string; printerId: string }
  'job.updated': { job: PrintJob }
  /** A job on one of this device's printers waits for its owner to approve or decline it. */
  'job.approvalRequested': { job: PrintJob }
  /** The app settings changed (network changes apply at the next start; see `restartRequired`). */
  'settings.updated': { settings: AppSettings }
}

export type EventName = keyof Events
export type AppEvent<N extends EventName = EventName> = EventFrame<N, Events[N]>
export type AnyEvent = { [N in EventName]: EventFrame<N, Events[N]> }[EventName]

/** What a host implements: one async handler per method, taking validated params. */
export type Service = {
  [M in MethodName]: (params: ParsedParams<M>) => Promise<Result<M>>
}
