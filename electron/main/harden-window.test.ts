import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { hardenWindow, sameOriginAs } from './harden-window.js'

function fakeContents() {
  const emitter = new EventEmitter()
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null
  const contents = {
    on: (event: string, listener: (...args: never[]) => void) =>
      emitter.on(event, listener as (...args: unknown[]) => void),
    setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
  }
  const opened: string[] = []
  hardenWindow(contents, {
    isAppUrl: sameOriginAs('peerdesk-app://app/'),
    openExternal: async (url) => void opened.push(url),
  })
  const navigate = (event: string, url: string) => {
    let prevented = false
    emitter.emit(event, { preventDefault: () => (prevented = true) }, url)
    return prevented
  }
  return { navigate, open: (url: string) => openHandler!({ url }), opened }
}

describe('hardenWindow', () => {
  it('lets the app navigate within its own origin', () => {
    const w = fakeContents()
    expect(w.navigate('will-navigate', 'peerdesk-app://app/index.html#/join/abc')).toBe(false)
    expect(w.opened).toEqual([])
  })

  it('blocks navigation away and opens web links in the OS browser instead', () => {
    const w = fakeContents()
    expect(w.navigate('will-navigate', 'https://example.com/help')).toBe(true)
    expect(w.navigate('will-redirect', 'http://example.org/')).toBe(true)
    expect(w.opened).toEqual(['https://example.com/help', 'http://example.org/'])
  })

  it('drops other schemes without opening anything', () => {
    const w = fakeContents()
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'peerdesk-app://evil/',
    ]) {
      expect(w.navigate('will-navigate', url)).toBe(true)
    }
    expect(w.opened).toEqual([])
  })

  it('denies every new window, handing only http(s) links to the OS', () => {
    const w = fakeContents()
    expect(w.open('https://example.com/')).toEqual({ action: 'deny' })
    expect(w.open('peerdesk-app://app/index.html')).toEqual({ action: 'deny' })
    expect(w.open('file:///tmp/x')).toEqual({ action: 'deny' })
    expect(w.opened).toEqual(['https://example.com/'])
  })

  it('refuses to attach webviews', () => {
    const w = fakeContents()
    expect(w.navigate('will-attach-webview', '')).toBe(true)
  })
})

describe('sameOriginAs', () => {
  it('compares file: URLs by path, since they have no origin', () => {
    const same = sameOriginAs('file:///opt/peerdesk/index.html')
    expect(same('file:///opt/peerdesk/index.html#/x')).toBe(true)
    expect(same('file:///etc/passwd')).toBe(false)
    expect(same('not a url')).toBe(false)
  })
})
