/**
 * The simulator's agenda: actions ordered by virtual time, ties in the order they were added,
 * so two runs with the same seed do the same things in the same order.
 */
interface Entry<T> {
  at: number
  order: number
  item: T
}

export class EventQueue<T> {
  private readonly heap: Entry<T>[] = []
  private added = 0

  get size(): number {
    return this.heap.length
  }

  push(at: number, item: T): void {
    const heap = this.heap
    heap.push({ at, order: this.added++, item })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!earlier(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  pop(): { at: number; item: T } | undefined {
    const heap = this.heap
    const top = heap[0]
    if (!top) return undefined
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && earlier(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && earlier(heap[r]!, heap[m]!)) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return { at: top.at, item: top.item }
  }

  clear(): void {
    this.heap.length = 0
  }
}

function earlier<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order)
}
