import { describe, expect, it } from 'vitest'
import {
  activeTab,
  allTabs,
  closeEverywhere,
  closeTab,
  cycleTab,
  emptyGroups,
  groupsWith,
  openTab,
  persistGroups,
  renameTabs,
  restoreGroups,
  splitActive,
  type Groups,
} from '../../src-renderer/editor/groups'

const open = (s: Groups, ...ids: string[]): Groups => ids.reduce((acc, id) => openTab(acc, id), s)

describe('editor groups', () => {
  it('opens a tab after the active one and activates it; reopening only activates', () => {
    let s = open(emptyGroups(), 'a.jl', 'b.jl')
    s = openTab(s, 'x.jl', { activate: true })
    expect(s.groups[0]!.tabs).toEqual(['a.jl', 'b.jl', 'x.jl'])
    s = openTab(s, 'a.jl')
    s = openTab(s, 'c.jl')
    expect(s.groups[0]!.tabs).toEqual(['a.jl', 'c.jl', 'b.jl', 'x.jl'])
    expect(activeTab(s)).toBe('c.jl')
  })

  it('activates the most recently used tab when the active one closes', () => {
    let s = open(emptyGroups(), 'a', 'b', 'c')
    s = openTab(s, 'a') // MRU: a, c, b
    s = closeTab(s, 0, 'a')
    expect(activeTab(s)).toBe('c')
    s = closeTab(s, 0, 'c')
    expect(activeTab(s)).toBe('b')
    s = closeTab(s, 0, 'b')
    expect(s.groups).toHaveLength(1)
    expect(activeTab(s)).toBeNull()
  })

  it('closing an inactive tab keeps the active one', () => {
    let s = open(emptyGroups(), 'a', 'b')
    s = closeTab(s, 0, 'a')
    expect(activeTab(s)).toBe('b')
  })

  it('split opens the active file in a second group and focuses it', () => {
    let s = open(emptyGroups(), 'a', 'b')
    s = splitActive(s)
    expect(s.groups).toHaveLength(2)
    expect(s.activeGroup).toBe(1)
    expect(s.groups[1]!.tabs).toEqual(['b'])
    expect(groupsWith(s, 'b')).toEqual([0, 1])
    // Splitting again from the second group goes back to the first, never a third group.
    s = openTab(s, 'c')
    s = splitActive(s)
    expect(s.groups).toHaveLength(2)
    expect(s.activeGroup).toBe(0)
    expect(s.groups[0]!.tabs).toContain('c')
  })

  it('split does nothing without an active tab', () => {
    const s = emptyGroups()
    expect(splitActive(s)).toBe(s)
  })

  it('a group closes with its last tab and the active index follows', () => {
    let s = splitActive(open(emptyGroups(), 'a'))
    const secondId = s.groups[1]!.id
    s = closeTab(s, 0, 'a')
    expect(s.groups).toHaveLength(1)
    expect(s.groups[0]!.id).toBe(secondId)
    expect(s.activeGroup).toBe(0)
    expect(activeTab(s)).toBe('a')
  })

  it('closeEverywhere removes a file from both groups', () => {
    let s = splitActive(open(emptyGroups(), 'a', 'b'))
    s = closeEverywhere(s, 'b')
    expect(allTabs(s)).toEqual(['a'])
    expect(s.groups).toHaveLength(1)
  })

  it('renames tabs, the active tab and the MRU list', () => {
    let s = open(emptyGroups(), 'src/a.jl', 'src/b.jl', 'c.jl')
    s = renameTabs(s, (id) => (id.startsWith('src/') ? `lib/${id.slice(4)}` : null))
    expect(s.groups[0]!.tabs).toEqual(['lib/a.jl', 'lib/b.jl', 'c.jl'])
    s = closeTab(s, 0, 'c.jl')
    expect(activeTab(s)).toBe('lib/b.jl')
  })

  it('cycles tabs with wrap-around', () => {
    let s = open(emptyGroups(), 'a', 'b', 'c')
    s = cycleTab(s, 1)
    expect(activeTab(s)).toBe('a')
    s = cycleTab(s, -1)
    expect(activeTab(s)).toBe('c')
  })

  it('round-trips through storage and survives garbage', () => {
    const s = splitActive(open(emptyGroups(), 'a', 'b'))
    const back = restoreGroups(JSON.parse(JSON.stringify(persistGroups(s))))
    expect(back.groups.map((g) => g.tabs)).toEqual([['a', 'b'], ['b']])
    expect(back.activeGroup).toBe(1)
    expect(restoreGroups('nonsense').groups[0]!.tabs).toEqual([])
    expect(restoreGroups({ groups: [{ tabs: [1, 'x', 'x'], active: 'y' }], activeGroup: 7 })).toMatchObject({
      groups: [{ tabs: ['x'], active: 'x' }],
      activeGroup: 0,
    })
  })
})
