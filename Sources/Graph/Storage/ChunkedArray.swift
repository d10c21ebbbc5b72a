// Storage for the graph's records that copies cheaply: a list of fixed-size chunks, each a Swift
// array. Copying the whole thing copies only the list of chunk references; changing a record of a copy
// copies just the chunk it sits in. That is what lets a batch be validated on a copy of the graph and
// readers keep an old version while the writer moves on.

/// An append-only array of records in copy-on-write chunks of 4096.
struct ChunkedArray<Element>: RandomAccessCollection {
    private static var shift: Int { 12 }
    private static var chunkSize: Int { 1 << shift }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    // Coroutine accessors: reading one field of a record (`nodes[i].retired`) borrows the record
    // instead of copying it, which would retain and release every reference it holds.
    subscript(position: Int) -> Element {
        _read { yield chunks[position >> Self.shift][position & (Self.chunkSize - 1)] }
        _modify { yield &chunks[position >> Self.shift][position & (Self.chunkSize - 1)] }
    }

    /// The last record, if any.
    var last: Element? { count == 0 ? nil : self[count - 1] }

    /// Adds a record and returns its position.
    @discardableResult
    mutating func append(_ element: Element) -> Int {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
        return count - 1
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
