import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppFile } from './app-protocol.js'

describe('resolveAppFile', () => {
  const root = path.resolve('/opt/peerdesk/dist/renderer')
  it('serves files under the renderer folder, and index.html for the root', () => {
    expect(resolveAppFile(root, 'peerdesk-app://app/')).toBe(path.join(root, 'index.html'))
    expect(resolveAppFile(root, 'peerdesk-app://app/assets/a.js?v=1')).toBe(path.join(root, 'assets/a.js'))
  })

  it('refuses paths out of the folder, other hosts and other schemes', () => {
    // The URL parser folds dot segments first, so this one lands inside the folder.
    expect(resolveAppFile(root, 'peerdesk-app://app/%2e%2e/%2e%2e/secret')).toBe(path.join(root, 'secret'))
    expect(resolveAppFile(root, 'peerdesk-app://app/..%2f..%2fsecret')).toBeNull()
    expect(resolveAppFile(root, 'peerdesk-app://other/index.html')).toBeNull()
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull()
    expect(resolveAppFile(root, 'peerdesk-app://app/a%00b')).toBeNull()
  })
})
