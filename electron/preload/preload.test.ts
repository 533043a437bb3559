// The preload exposes exactly three functions, and nothing of Electron itself reaches the page.
import { beforeAll, describe, expect, it, vi } from 'vitest'

const exposed: Record<string, unknown> = {}
const sent: unknown[] = []
const listeners = new Map<string, (event: unknown, frame: unknown) => void>()

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    send: (_channel: string, frame: unknown) => sent.push(frame),
    on: (channel: string, cb: (event: unknown, frame: unknown) => void) => listeners.set(channel, cb),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  webUtils: { getPathForFile: (file: { name: string }) => `/home/alice/${file.name}` },
}))

interface Bridge {
  send(frame: unknown): void
  onFrame(cb: (frame: unknown) => void): () => void
  pathForFile(file: unknown): string
}

let bridge: Bridge
beforeAll(async () => {
  await import('./preload.js')
  bridge = exposed.peerdesk as Bridge
})

describe('preload', () => {
  it('exposes send, onFrame and pathForFile only', () => {
    expect(Object.keys(exposed)).toEqual(['peerdesk'])
    expect(Object.keys(bridge).sort()).toEqual(['onFrame', 'pathForFile', 'send'])
  })

  it('passes frames both ways without the IPC event', () => {
    bridge.send({ type: 'call', id: 1 })
    expect(sent).toEqual([{ type: 'call', id: 1 }])
    const got: unknown[] = []
    const off = bridge.onFrame((frame) => got.push(frame))
    listeners.get('peerdesk:frame')?.({ sender: 'secret' }, { type: 'event' })
    expect(got).toEqual([{ type: 'event' }])
    off()
    expect(listeners.size).toBe(0)
  })

  it("a dropped file's path comes from webUtils.getPathForFile", () => {
    expect(bridge.pathForFile({ name: 'letter.pdf' })).toBe('/home/alice/letter.pdf')
  })
})
