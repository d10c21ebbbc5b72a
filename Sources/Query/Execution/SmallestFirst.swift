// ORDER BY … LIMIT k over many rows: the first k in order found with a bounded heap — each row compared
// with the largest of the k kept so far — rather than every row sorted (55,000 groups ordered to show
// ten sorted all 55,000).

enum SmallestFirst {
    /// The first `count` of the positions `0..<total` in the order `less` gives (a strict total
    /// order), in that order.
    static func first(_ count: Int, of total: Int, by less: (Int, Int) -> Bool) -> [Int] {
        guard count < total else { return (0..<total).sorted(by: less) }
        guard count > 0 else { return [] }
        // A max-heap under `less`: the root is the largest position kept.
        var heap: [Int] = []
        heap.reserveCapacity(count)
        for position in 0..<total {
            if heap.count < count {
                heap.append(position)
                siftUp(&heap, from: heap.count - 1, by: less)
            } else if less(position, heap[0]) {
                heap[0] = position
                siftDown(&heap, from: 0, by: less)
            }
        }
        return heap.sorted(by: less)
    }

    private static func siftUp(_ heap: inout [Int], from start: Int, by less: (Int, Int) -> Bool) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [Int], from start: Int, by less: (Int, Int) -> Bool) {
        var parent = start
        while true {
            var largest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && less(heap[largest], heap[child]) {
                largest = child
            }
            guard largest != parent else { return }
            heap.swapAt(parent, largest)
            parent = largest
        }
    }
}
