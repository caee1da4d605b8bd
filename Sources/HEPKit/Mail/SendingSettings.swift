import Foundation

/// How the clinic sends handouts (`sending:` in Templates/clinic.yaml).
public struct SendingSettings: Sendable, Hashable {
    /// SMTP or a local sendmail (msmtp, postfix).
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        case smtp, sendmail
    }

    public var transport: Transport = .smtp
    public var host: String?
    public var port: Int = 587
    public var username: String?
    /// A file holding the password, readable only by its owner.
    public var passwordFile: String?
    /// A CA certificate to trust for the clinic's own server.
    public var caFile: String?
    /// STARTTLS required (default) or off (a relay on this machine only).
    public var requireTLS = true
    /// The sendmail program.
    public var sendmail = "/usr/sbin/sendmail"
    /// Seconds each SMTP step may take.
    public var timeout = 30

    static let keys = ["transport", "host", "port", "username", "password-file", "ca-file", "starttls", "sendmail", "timeout"]

    static func read(_ value: YAMLValue, reader: inout YAMLReader) -> SendingSettings? {
        guard let fields = reader.mapping(value, known: keys) else { return nil }
        var settings = SendingSettings()
        if let value = fields["transport"], let transport = reader.choice(value, as: Transport.self) { settings.transport = transport }
        settings.host = reader.string("host", in: fields, required: false)
        settings.port = reader.int("port", in: fields, range: 1...65535, required: false) ?? 587
        settings.username = reader.string("username", in: fields, required: false)
        settings.passwordFile = reader.string("password-file", in: fields, required: false)
        settings.caFile = reader.string("ca-file", in: fields, required: false)
        settings.timeout = reader.int("timeout", in: fields, range: 1...600, required: false, unit: " seconds") ?? 30
        if let value = fields["starttls"], let text = reader.string(value) {
            switch text {
            case "required": settings.requireTLS = true
            case "off": settings.requireTLS = false
            default: reader.diagnostics.error(value.location, "'sending.starttls' must be required or off, found '\(text)'")
            }
        }
        settings.sendmail = reader.string("sendmail", in: fields, required: false) ?? settings.sendmail
        if settings.transport == .smtp, settings.host == nil, let value = fields["transport"] ?? fields["port"] {
            reader.diagnostics.error(value.location, "SMTP sending needs 'sending.host'")
        }
        return settings
    }

    /// The password: from HEP_SMTP_PASSWORD, else from `password-file`, which must be readable only
    /// by its owner. Never from the command line.
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let value = environment["HEP_SMTP_PASSWORD"] { return value }
        guard let passwordFile else { return nil }
        let attributes = try FileManager.default.attributesOfItem(atPath: passwordFile)
        let mode = (attributes[.posixPermissions] as? Int) ?? 0o777
        guard mode & 0o077 == 0 else {
            throw SMTPClient.Failure(stage: .auth, message: "\(passwordFile) can be read by others (mode \(String(mode, radix: 8))); run `chmod 600 \(passwordFile)`")
        }
        let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
        return text.trimmingCharacters(in: .newlines)
    }
}
