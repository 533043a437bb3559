// The renderer's only door: send a frame, receive frames. Bundled as CommonJS (sandboxed preloads
// cannot be ES modules) and kept tiny, since it runs with more privilege than the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

const CHANNEL = 'peerdesk:frame'

contextBridge.exposeInMainWorld('peerdesk', {
  send(frame: unknown): void {
    ipcRenderer.send(CHANNEL, frame)
  },
  onFrame(cb: (frame: unknown) => void): () => void {
    // Only the frame crosses: the IPC event (and its sender) never reaches the page.
    const listener = (_event: IpcRendererEvent, frame: unknown) => cb(frame)
    ipcRenderer.on(CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(CHANNEL, listener)
    }
  },
})
