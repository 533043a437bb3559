import { describe, expect, it } from 'vitest'
import { codeFromInput, inviteLink } from './links.js'

describe('invite links', () => {
  it('accepts a bare code, a link, and pasted text with stray spaces', () => {
    expect(codeFromInput('abc123')).toBe('abc123')
    expect(codeFromInput(inviteLink('abc123'))).toBe('abc123')
    expect(codeFromInput('  peerdesk://join/abc 123/ \n')).toBe('abc123')
    expect(codeFromInput('PEERDESK://JOIN/abc')).toBe('abc')
  })
})
