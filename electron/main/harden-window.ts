// Every window gets the same hardening: it never leaves our origin, never opens another window, and
// http(s) links the user clicks go to the OS browser. Anything else (file:, javascript:, custom schemes)
// is dropped.

export interface NavigationEvent {
  preventDefault(): void
}

/** The slice of WebContents this needs (Electron's own type fits it). */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: NavigationEvent, url: string) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export interface HardenOptions {
  /** True for URLs of the app itself (its own origin). */
  isAppUrl: (url: string) => boolean
  openExternal: (url: string) => Promise<void>
  log?: (msg: string) => void
}

export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

export function hardenWindow(contents: HardenableContents, opts: HardenOptions): void {
  const openOutside = (url: string) => {
    if (!isWebLink(url)) {
      opts.log?.(`blocked a link to ${url}`)
      return
    }
    opts.openExternal(url).catch((err: unknown) => opts.log?.(`could not open ${url}: ${String(err)}`))
  }
  const guard = (event: NavigationEvent, url: string) => {
    if (opts.isAppUrl(url)) return
    event.preventDefault()
    openOutside(url)
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
}

/** Same origin as the app's base URL; file: URLs have no origin, so compare the path instead. */
export function sameOriginAs(base: string): (url: string) => boolean {
  const root = new URL(base)
  return (url) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return false
    }
    if (root.protocol === 'file:') return target.protocol === 'file:' && target.pathname === root.pathname
    // Custom schemes have an opaque origin ('null') in a plain URL parser: compare scheme, host and port.
    return target.protocol === root.protocol && target.host === root.host
  }
}
