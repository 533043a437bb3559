// The renderer's only door: send a frame, receive frames, and the path of a file the person dropped
// (a sandboxed page cannot learn it otherwise). Bundled as CommonJS (sandboxed preloads cannot be ES
// modules) and kept tiny, since it runs with more privilege than the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'

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
  pathForFile(file: Parameters<typeof webUtils.getPathForFile>[0]): string {
    // Empty for a File the page made itself: only real drops and file inputs have a path.
    return webUtils.getPathForFile(file)
  },
})
