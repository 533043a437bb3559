// Native notifications for the few engine events a person wants to hear about while the window is
// hidden. Mapped by event name, so events the engine adds later (shares, downloads, print jobs) only
// need a line here; payloads are read defensively because those contracts are still being written.

export interface NoticeEvent {
  name: string
  payload: unknown
}

export interface Notice {
  title: string
  body: string
}

export interface NoticeContext {
  groupName: (groupId: string) => string | undefined
}

type Fields = Record<string, unknown>

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)
const obj = (v: unknown): Fields => (typeof v === 'object' && v !== null ? (v as Fields) : {})

function inGroup(ctx: NoticeContext, p: Fields): string {
  const id = text(p.groupId)
  const name = id ? ctx.groupName(id) : undefined
  return name ? ` in ${name}` : ''
}

const MAPPERS: Record<string, (p: Fields, ctx: NoticeContext) => Notice | null> = {
  'member.joined': (p, ctx) => {
    const member = obj(p.member)
    if (member.self === true) return null
    const who = text(member.name) ?? 'A new member'
    return { title: 'Member joined', body: `${who} joined${inGroup(ctx, p)}` }
  },
  'share.created': (p, ctx) => {
    const share = obj(p.share)
    const name = text(share.name) ?? 'a folder'
    if (share.self === true || share.own === true) return null
    const who = text(share.ownerName) ?? text(share.owner) ?? 'A member'
    return { title: 'New shared folder', body: `${who} shared ${name}${inGroup(ctx, p)}` }
  },
  'download.completed': (p) => {
    const name = text(p.name) ?? text(obj(p.transfer).name) ?? 'A download'
    return { title: 'Download finished', body: `${name} is ready` }
  },
  'print.completed': (p) => {
    const doc = text(p.document) ?? text(obj(p.job).name) ?? 'Your document'
    const printer = text(p.printer) ?? text(obj(p.job).printer)
    return { title: 'Print job done', body: printer ? `${doc} printed on ${printer}` : `${doc} printed` }
  },
}
// Aliases for names the engine may settle on.
MAPPERS['transfer.completed'] = MAPPERS['download.completed']!
MAPPERS['print.done'] = MAPPERS['print.completed']!

export function noticeFor(event: NoticeEvent, ctx: NoticeContext): Notice | null {
  const map = Object.hasOwn(MAPPERS, event.name) ? MAPPERS[event.name] : undefined
  return map ? map(obj(event.payload), ctx) : null
}

export interface NotifierOptions extends Partial<NoticeContext> {
  show: (notice: Notice) => void
  /** Notifications are for when the user is elsewhere; an in-app toast covers the focused window. */
  windowFocused?: () => boolean
}

export class Notifier {
  readonly #opts: NotifierOptions

  constructor(opts: NotifierOptions) {
    this.#opts = opts
  }

  handle(event: NoticeEvent): Notice | null {
    if (this.#opts.windowFocused?.()) return null
    const notice = noticeFor(event, { groupName: this.#opts.groupName ?? (() => undefined) })
    if (notice) this.#opts.show(notice)
    return notice
  }
}
