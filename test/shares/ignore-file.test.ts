import { describe, expect, it } from 'vitest'
import { IgnoreMatcher } from '../../electron/engine/shares/ignore-file.js'

describe('.peerdeskignore', () => {
  it('skips comments and blank lines, and matches a bare name at any depth', () => {
    const m = new IgnoreMatcher('# a comment\n\n*.log\nThumbs.db\n')
    expect(m.size).toBe(2)
    expect(m.ignores('debug.log')).toBe(true)
    expect(m.ignores('a/b/debug.log')).toBe(true)
    expect(m.ignores('Thumbs.db')).toBe(true)
    expect(m.ignores('x/Thumbs.db')).toBe(true)
    expect(m.ignores('log.txt')).toBe(false)
    expect(m.ignores('# a comment')).toBe(false)
  })

  it('negates with ! and the last matching rule wins', () => {
    const m = new IgnoreMatcher('*.log\n!keep.log\n')
    expect(m.ignores('x.log')).toBe(true)
    expect(m.ignores('keep.log')).toBe(false)
    expect(m.ignores('sub/keep.log')).toBe(false)
    const again = new IgnoreMatcher('!keep.log\n*.log\n')
    expect(again.ignores('keep.log')).toBe(true)
  })

  it('a trailing slash matches folders only, and everything inside them', () => {
    const m = new IgnoreMatcher('build/\n')
    expect(m.ignores('build', true)).toBe(true)
    expect(m.ignores('build')).toBe(false)
    expect(m.ignores('build/out.js')).toBe(true)
    expect(m.ignores('src/build/out.js')).toBe(true)
  })

  it('a file inside an ignored folder cannot be re-included', () => {
    const m = new IgnoreMatcher('node_modules/\n!node_modules/keep.js\n')
    expect(m.ignores('node_modules/keep.js')).toBe(true)
  })

  it('anchors patterns with a leading or middle slash', () => {
    const m = new IgnoreMatcher('/secret.txt\ndocs/draft.md\n')
    expect(m.ignores('secret.txt')).toBe(true)
    expect(m.ignores('sub/secret.txt')).toBe(false)
    expect(m.ignores('docs/draft.md')).toBe(true)
    expect(m.ignores('a/docs/draft.md')).toBe(false)
  })

  it('handles *, ?, [...] and ** as git does', () => {
    const m = new IgnoreMatcher('**/tmp\nlogs/**\na/**/z.txt\nfile?.txt\n[Dd]esktop.ini\n/top/*.bak\n')
    expect(m.ignores('tmp', true)).toBe(true)
    expect(m.ignores('x/y/tmp/f')).toBe(true)
    expect(m.ignores('logs/a/b.txt')).toBe(true)
    expect(m.ignores('a/z.txt')).toBe(true)
    expect(m.ignores('a/b/c/z.txt')).toBe(true)
    expect(m.ignores('b/a/z.txt')).toBe(false)
    expect(m.ignores('file1.txt')).toBe(true)
    expect(m.ignores('file10.txt')).toBe(false)
    expect(m.ignores('desktop.ini')).toBe(true)
    expect(m.ignores('Desktop.ini')).toBe(true)
    expect(m.ignores('top/x.bak')).toBe(true)
    expect(m.ignores('top/sub/x.bak')).toBe(false)
  })

  it('treats escaped # and ! literally and keeps dots literal', () => {
    const m = new IgnoreMatcher('\\#notes\n\\!important\n*.tar.gz\n')
    expect(m.ignores('#notes')).toBe(true)
    expect(m.ignores('!important')).toBe(true)
    expect(m.ignores('a.tar.gz')).toBe(true)
    expect(m.ignores('a.tarxgz')).toBe(false)
  })
})
