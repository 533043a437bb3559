// IPC is accepted only from the webContents of windows we created (GitHub Desktop's trusted sender
// check): a frame from anything else - a stray webContents, a devtools extension - is dropped.

export interface TrackedContents {
  readonly id: number
  once(event: 'destroyed', listener: () => void): unknown
}

export interface IpcEventLike {
  sender: { id: number }
  /** The frame that sent it; only the top frame of our page may talk to the engine. */
  senderFrame?: { parent: unknown } | null
}

export class TrustedSenders {
  readonly #ids = new Set<number>()

  add(contents: TrackedContents): void {
    const id = contents.id
    this.#ids.add(id)
    contents.once('destroyed', () => this.#ids.delete(id))
  }

  delete(id: number): void {
    this.#ids.delete(id)
  }

  has(id: number): boolean {
    return this.#ids.has(id)
  }

  isTrusted(event: IpcEventLike): boolean {
    if (!this.#ids.has(event.sender.id)) return false
    // senderFrame is null once the frame navigated or was destroyed: nothing to trust then.
    if (event.senderFrame === null) return false
    return !event.senderFrame?.parent
  }
}
