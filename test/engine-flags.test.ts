// The V8 flags the engine needs from its very start (see electron/engine/heap-settings.ts) reach it
// from every launcher, and do what the engine relies on.
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ENGINE_NODE_FLAGS } from '../electron/engine/heap-settings.js'

const root = path.resolve(import.meta.dirname, '..')
const run = promisify(execFile)

describe('the engine V8 flags', () => {
  it('are in the shebang of bin/peerdesk.js, after node', async () => {
    const first = (await fs.readFile(path.join(root, 'bin/peerdesk.js'), 'utf8')).split('\n', 1)[0]!
    const words = first.split(/\s+/)
    expect(words.slice(words.indexOf('node') + 1)).toEqual(ENGINE_NODE_FLAGS)
  })

  it('are what `npm start` gives the engine in browser mode', async () => {
    const source = await fs.readFile(path.join(root, 'scripts/start.js'), 'utf8')
    const declared = /const ENGINE_NODE_FLAGS = \[([^\]]*)\]/.exec(source)?.[1] ?? ''
    expect(declared.split(',').map((s) => s.trim().replace(/^'|'$/g, ''))).toEqual(ENGINE_NODE_FLAGS)
    expect(source).toContain('spawn(process.execPath, [...ENGINE_NODE_FLAGS, ...cli]')
  })

  it('keep the young generation at 1 MiB semi-spaces while objects survive', async () => {
    // Objects that live a while (as a transfer's requests and buffers do) make V8 grow the young
    // generation up to 16 MiB semi-spaces by default.
    const script = `
      const v8 = require('node:v8')
      const keep = []
      let most = 0
      for (let i = 0; i < 1e6; i++) {
        keep.push({ i, s: 'x' + i })
        if (keep.length > 20000) keep.splice(0, 10000)
        if (i % 50000 === 0) {
          const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')
          most = Math.max(most, young.space_size)
        }
      }
      console.log(most)`
    const size = async (flags: string[]): Promise<number> =>
      Number((await run(process.execPath, [...flags, '-e', script])).stdout.trim())
    const [tuned, plain] = await Promise.all([size(ENGINE_NODE_FLAGS), size([])])
    expect(tuned).toBeLessThanOrEqual(2 * 1024 * 1024)
    expect(plain).toBeGreaterThan(tuned)
  })
})
