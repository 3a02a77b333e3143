import { describe, expect, it } from 'vitest'
import { Ring, ringCapacity } from '../../src-main/services/monitor/ring'

describe('Ring', () => {
  it('holds ten minutes at the set interval', () => {
    expect(ringCapacity(1000)).toBe(600)
    expect(ringCapacity(250)).toBe(2400)
    expect(ringCapacity(60_000)).toBe(10)
    expect(ringCapacity(7000)).toBe(86) // rounded up: never less than ten minutes
  })

  it('keeps the newest items, oldest first, once full', () => {
    const r = new Ring<number>(3)
    expect(r.toArray()).toEqual([])
    expect(r.last()).toBeUndefined()
    for (const x of [1, 2, 3, 4, 5]) r.push(x)
    expect(r.size).toBe(3)
    expect(r.toArray()).toEqual([3, 4, 5])
    expect(r.last()).toBe(5)
  })

  it('gives the items after a time (a renderer catching up)', () => {
    const r = new Ring<{ t: number }>(4)
    for (const t of [10, 20, 30, 40, 50]) r.push({ t })
    const t = (x: { t: number }): number => x.t
    expect(r.after(-Infinity, t).map(t)).toEqual([20, 30, 40, 50])
    expect(r.after(30, t).map(t)).toEqual([40, 50])
    expect(r.after(35, t).map(t)).toEqual([40, 50])
    expect(r.after(50, t)).toEqual([])
  })

  it('resizes keeping the newest (an interval change)', () => {
    const r = new Ring<number>(5)
    for (let i = 1; i <= 7; i++) r.push(i)
    const smaller = r.resized(2)
    expect(smaller.toArray()).toEqual([6, 7])
    const bigger = r.resized(10)
    expect(bigger.toArray()).toEqual([3, 4, 5, 6, 7])
    bigger.push(8)
    expect(bigger.toArray()).toEqual([3, 4, 5, 6, 7, 8])
  })

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => new Ring(0)).toThrow(RangeError)
  })
})
