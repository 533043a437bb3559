import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MIN_CHUNK } from './content-hash.js'
import { DigestSet } from './digest-index.js'
import { FileRecord, type KnownEntry } from './file-record.js'

const digest = (s: string) => createHash('sha256').update(s).digest('hex')

function entry(name: string, size = 100, extra: Partial<KnownEntry> = {}): KnownEntry {
  return {
    size,
    mtime: 1_700_000_000_123.5,
    link: false,
    ref: { hash: digest(name), size, chunk: MIN_CHUNK },
    blob: null,
    ...extra,
  }
}

describe('FileRecord', () => {
  it('gives back what was set, field for field, in the order keys were first set', () => {
    const r = new FileRecord()
    const a = entry('a', 5)
    const b = { size: 7, mtime: null, link: true, ref: null, blob: null }
    const c = entry('c', 9, { blob: { blockOffset: 3, blockLength: 1, byteOffset: 100, byteLength: 9 } })
    r.set('/a', a)
    r.set('/b', b)
    r.set('/c', c)
    r.set('/a', { ...a, mtime: 42 })
    expect(r.size).toBe(3)
    expect(r.get('/a')).toEqual({ ...a, mtime: 42 })
    expect(r.get('/b')).toEqual(b)
    expect(r.get('/c')).toEqual(c)
    expect(r.get('/c')?.blob).toEqual(c.blob)
    expect(r.get('/a')?.blob).toBeNull()
    expect(r.get('/nope')).toBeUndefined()
    expect([...r.keys()]).toEqual(['/a', '/b', '/c'])
    expect([...r].map(([k]) => k)).toEqual(['/a', '/b', '/c'])
  })

  it('matches only a file with a content, the same size and mtime, and not a link', () => {
    const r = new FileRecord()
    r.set('/f', entry('f', 10))
    r.set('/nocontent', { ...entry('n', 10), ref: null })
    r.set('/link', { ...entry('l', 10), link: true })
    r.set('/nomtime', { ...entry('m', 10), mtime: null })
    const mtime = entry('f').mtime!
    expect(r.matches('/f', 10, mtime)).toBe(true)
    expect(r.matches('/f', 11, mtime)).toBe(false)
    expect(r.matches('/f', 10, mtime + 1)).toBe(false)
    expect(r.matches('/nocontent', 10, mtime)).toBe(false)
    expect(r.matches('/link', 10, mtime)).toBe(false)
    expect(r.matches('/nomtime', 10, NaN)).toBe(false)
    expect(r.matches('/missing', 10, mtime)).toBe(false)
  })

  it('keeps thousands of entries through its growth, and reuses the slots of deleted keys', () => {
    const r = new FileRecord()
    for (let i = 0; i < 5000; i++) r.set(`/f${i}`, entry(`f${i}`, i))
    for (let i = 0; i < 5000; i += 2) expect(r.delete(`/f${i}`)).toBe(true)
    expect(r.delete('/f0')).toBe(false)
    for (let i = 0; i < 2500; i++) r.set(`/g${i}`, entry(`g${i}`, i))
    expect(r.size).toBe(5000)
    for (let i = 1; i < 5000; i += 2) expect(r.get(`/f${i}`)).toEqual(entry(`f${i}`, i))
    for (let i = 0; i < 2500; i++) expect(r.get(`/g${i}`)).toEqual(entry(`g${i}`, i))
    expect(r.has('/f0')).toBe(false)
    expect(r.holderOf(digest('f0'))).toBeNull()
    expect(r.holderOf(digest('g2499'))?.key).toBe('/g2499')
    expect(r.holderOf(digest('f4999'))?.key).toBe('/f4999')
  })

  it('names a holder for each content, and another once the holder changes or goes', () => {
    const r = new FileRecord()
    r.set('/one', entry('same'))
    r.set('/two', entry('same'))
    r.set('/other', entry('other'))
    expect(r.holderOf(digest('same'))).toEqual({ key: '/two', entry: entry('same') })
    r.delete('/two')
    expect(r.holderOf(digest('same'))?.key).toBe('/one')
    r.set('/one', entry('changed'))
    expect(r.holderOf(digest('same'))).toBeNull()
    expect(r.holderOf(digest('changed'))?.key).toBe('/one')
    expect(r.holderOf(digest('other'))?.key).toBe('/other')
    expect(r.holderOf('not a digest')).toBeNull()
    expect(r.holderOf(digest('x').replace(/^./, 'z'))).toBeNull()
  })

  it('records a content whose hash is not a digest as no content', () => {
    const r = new FileRecord()
    r.set('/bad', { ...entry('b'), ref: { hash: 'abc', size: 100, chunk: MIN_CHUNK } })
    expect(r.get('/bad')?.ref).toBeNull()
    expect(r.matches('/bad', 100, entry('b').mtime!)).toBe(false)
  })
})

describe('DigestSet', () => {
  it('holds digests given as hex, once each, through its growth', () => {
    const s = new DigestSet()
    for (let i = 0; i < 3000; i++) s.add(digest(String(i)))
    for (let i = 0; i < 3000; i += 3) s.add(digest(String(i)))
    expect(s.size).toBe(3000)
    for (let i = 0; i < 3000; i++) expect(s.has(digest(String(i)))).toBe(true)
    expect(s.has(digest('3000'))).toBe(false)
  })

  it('ignores what is not a digest', () => {
    const s = new DigestSet()
    s.add('zz'.repeat(32)).add('ab').add(digest('a').toUpperCase().slice(1))
    expect(s.size).toBe(0)
    expect(s.has('ab')).toBe(false)
    expect(s.has('')).toBe(false)
  })
})
