// The client's check of what the node sends: replies and events pass with their known fields only,
// anything else is dropped.
import { describe, expect, it } from 'vitest'
import { parseServerFrame } from './frames.js'

describe('parseServerFrame', () => {
  it('keeps a reply, a failed reply and an event, with only their known fields', () => {
    expect(parseServerFrame({ type: 'reply', id: 3, ok: true, result: { a: 1 }, extra: 1 })).toEqual({
      type: 'reply',
      id: 3,
      ok: true,
      result: { a: 1 },
    })
    expect(
      parseServerFrame({
        type: 'reply',
        id: 4,
        ok: false,
        error: { code: 'NOT_FOUND', message: 'gone', x: 1 },
      }),
    ).toEqual({ type: 'reply', id: 4, ok: false, error: { code: 'NOT_FOUND', message: 'gone' } })
    expect(
      parseServerFrame({
        type: 'reply',
        id: 5,
        ok: false,
        error: { code: 'INTERNAL', message: 'm', data: [1] },
      }),
    ).toEqual({ type: 'reply', id: 5, ok: false, error: { code: 'INTERNAL', message: 'm', data: [1] } })
    expect(
      parseServerFrame({ type: 'event', seq: 7, at: 100, name: 'share.added', payload: { id: 's' }, z: 0 }),
    ).toEqual({ type: 'event', seq: 7, at: 100, name: 'share.added', payload: { id: 's' } })
  })

  it('drops what is not a reply or an event', () => {
    const bad: unknown[] = [
      null,
      'reply',
      [],
      { type: 'call', id: 1, method: 'x' },
      { type: 'reply', ok: true, result: 1 },
      { type: 'reply', id: '1', ok: true },
      { type: 'reply', id: 1, ok: 'yes' },
      { type: 'reply', id: 1, ok: false },
      { type: 'reply', id: 1, ok: false, error: { code: 'NO_SUCH_CODE', message: 'm' } },
      { type: 'reply', id: 1, ok: false, error: { code: 'INTERNAL' } },
      { type: 'event', seq: '1', at: 1, name: 'x' },
      { type: 'event', seq: 1, name: 'x' },
      { type: 'event', seq: 1, at: 1, name: 2 },
    ]
    for (const frame of bad) expect(parseServerFrame(frame), JSON.stringify(frame)).toBeNull()
  })
})
