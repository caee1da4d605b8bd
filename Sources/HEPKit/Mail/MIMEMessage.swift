import Foundation
/// An email carrying a handout: `multipart/alternative` with a plain-text twin and a
/// `multipart/related` HTML part (with its images), CRLF line ends, 7-bit headers.
///
/// Written here rather than taken from a library: the Swift mail libraries available have known
/// header-encoding and injection bugs, and this is the part of hep that faces the outside world.
/// Python's `email` package is the test oracle.
public struct MIMEMessage: Sendable {
    /// An inline image referenced from the HTML as `cid:`.
    public struct Image: Sendable, Hashable {
        public var contentID: String
        public var filename: String
        public var mediaType: String
        public var data: [UInt8]
    }

    public var fromName: String
    public var fromAddress: String
    public var replyTo: String?
    public var toName: String?
    public var toAddress: String
    public var subject: String
    /// RFC 5322 date, e.g. `Mon, 23 Nov 2026 09:00:00 +0000`.
    public var date: String
    /// Without angle brackets: `unique@clinic.example`.
    public var messageID: String
    public var text: String
    public var html: String
    public var images: [Image] = []

    /// The message bytes. Throws `MailHeaders.UnsafeValue` for a header with a control character.
    public func bytes() throws -> [UInt8] {
        let from = try MailHeaders.mailbox(name: fromName, address: fromAddress, header: "From")
        let to = try MailHeaders.mailbox(name: toName, address: toAddress, header: "To")
        let reply = try replyTo.map { try MailHeaders.mailbox(name: nil, address: $0, header: "Reply-To") }
        let subject = MailHeaders.encodedText(try MailHeaders.checked(subject, header: "Subject"))
        let id = try MailHeaders.checked(messageID, header: "Message-ID")
        for image in images {
            _ = try MailHeaders.checked(image.filename, header: "Content-Disposition filename")
            _ = try MailHeaders.checked(image.contentID, header: "Content-ID")
        }
        let textBody = QuotedPrintable.encode(text)
        let htmlBody = QuotedPrintable.encode(html)
        let imageBodies = images.map { Base64.wrapped($0.data) }
        let everything = [textBody, htmlBody] + imageBodies
        let outer = Self.boundary("alt", seed: messageID, avoiding: everything)
        let inner = Self.boundary("rel", seed: messageID, avoiding: everything)

        var lines: [String] = [
            "From: \(from)",
        ]
        if let reply { lines.append("Reply-To: \(reply)") }
        lines += [
            "To: \(to)",
            "Subject: \(subject)",
            "Date: \(try MailHeaders.checked(date, header: "Date"))",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(outer)\"",
            "",
            "--\(outer)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            textBody,
            "--\(outer)",
            "Content-Type: multipart/related; boundary=\"\(inner)\"",
            "",
            "--\(inner)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            htmlBody,
        ]
        for (image, body) in zip(images, imageBodies) {
            lines += [
                "--\(inner)",
                "Content-Type: \(image.mediaType)",
                "Content-Transfer-Encoding: base64",
                "Content-ID: <\(image.contentID)>",
                "Content-Disposition: inline; filename=\"\(image.filename)\"",
                "",
                body,
            ]
        }
        lines += ["--\(inner)--", "--\(outer)--", ""]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// The illustrations as inline parts, named as the email HTML references them (`cid:`).
    static func parts(for images: [ExerciseImage]) -> [Image] {
        images.map { Image(contentID: $0.contentID, filename: $0.outputName, mediaType: $0.mediaType, data: $0.data) }
    }

    /// A boundary that occurs in no part; derived from the message id so output is repeatable.
    static func boundary(_ kind: String, seed: String, avoiding parts: [String]) -> String {
        var counter = 0
        while true {
            let candidate = "=_hep_\(kind)_" + SHA256.hex(of: "\(seed)/\(kind)/\(counter)").prefix(24)
            if !parts.contains(where: { $0.contains(candidate) }) { return candidate }
            counter += 1
        }
    }

    /// An RFC 5322 date in English whatever the locale (`Mon, 23 Nov 2026 09:00:00 +0000`).
    public static func date(_ day: CalendarDate, hour: Int = 9, minute: Int = 0, second: Int = 0) -> String {
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekdays[day.weekday]), \(two(day.day)) \(months[day.month - 1]) \(day.year) \(two(hour)):\(two(minute)):\(two(second)) +0000"
    }

    /// `Mon, 23 Nov 2026 09:41:07 +0000` for a moment, in UTC and English whatever the locale.
    public static func date(_ moment: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        return date(CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!),
                    hour: parts.hour!, minute: parts.minute!, second: parts.second!)
    }
}
