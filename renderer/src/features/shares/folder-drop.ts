// Dropping a folder onto the Shared folders page. Only Electron can say where a dropped folder lives
// (through the preload's `pathForFile`); a browser gives its name alone, so the person types the path.
import { useState, type DragEvent } from 'react'

export interface DroppedFolder {
  name: string
  /** The absolute path, when the host exposes it. */
  path: string | null
  isFolder: boolean
}

export function readDrop(e: DragEvent): DroppedFolder | null {
  const file = e.dataTransfer.files[0]
  const entry = e.dataTransfer.items[0]?.webkitGetAsEntry?.() ?? null
  const name = entry?.name ?? file?.name
  if (!name) return null
  const path = (file && window.peerdesk?.pathForFile?.(file)) || null
  return { name, path, isFolder: entry ? entry.isDirectory : true }
}

/** Drag state for a drop zone; `onDrop` receives what was dropped. */
export function useFolderDrop(onDrop: (folder: DroppedFolder) => void) {
  const [over, setOver] = useState(false)
  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files')
  return {
    over,
    props: {
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
        setOver(true)
      },
      onDragLeave: (e: DragEvent) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false)
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(false)
        const folder = readDrop(e)
        if (folder) onDrop(folder)
      },
    },
  }
}
