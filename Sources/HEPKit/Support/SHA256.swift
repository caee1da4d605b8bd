import Crypto

/// SHA-256 (FIPS 180-4), for manifest and content hashes: swift-crypto's (BoringSSL, which uses
/// the processor's SHA instructions where it has them). hep wrote its own while swift-crypto was
/// not otherwise built; the desk's accounts (hummingbird-auth) now build it anyway, and a render
/// hashes some 100 KB of output, which this does several times faster.
enum SHA256 {
    /// The digest of `bytes`.
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let result = bytes.withContiguousStorageIfAvailable({ digest(buffer: UnsafeRawBufferPointer($0)) }) { return result }
        return Array(bytes).withUnsafeBytes { digest(buffer: $0) }
    }

    static func digest(buffer: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Crypto.SHA256()
        hasher.update(bufferPointer: buffer)
        // Copied as raw bytes: iterating the digest as a Sequence makes the runtime look up its
        // conformances (a scan of every conformance record, once per process: 4% of one render).
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// Lower-case hex digest of a string's UTF-8 bytes.
    static func hex(of text: String) -> String {
        var text = text
        return text.withUTF8 { hex(digest: digest(buffer: UnsafeRawBufferPointer($0))) }
    }

    /// Lower-case hex digest of bytes.
    static func hex(of bytes: some Collection<UInt8>) -> String { hex(digest: digest(bytes)) }

    private static func hex(digest: [UInt8]) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: digest.count * 2) { text in
            digits.withUTF8Buffer { digits in
                for (index, byte) in digest.enumerated() {
                    text[2 * index] = digits[Int(byte >> 4)]
                    text[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
            }
            return digest.count * 2
        }
    }
}
