#!/usr/bin/python3
"""A real SMTP server for hep's tests (Debian's python3-aiosmtpd), on 127.0.0.1 only.

Usage: server.py MODE CERT KEY OUTFILE PORT
  MODE: tls (STARTTLS offered and required, AUTH required, user hep / password s3cret),
        login (like tls, but AUTH LOGIN only),
        plain (no STARTTLS at all), reject (like tls, but every recipient is refused).
Prints "READY <port>" when listening; writes each received message's bytes to OUTFILE
(exactly as received, after the DATA dot-unstuffing), then keeps serving until killed.
"""
import asyncio, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, cert, key, outfile, port = sys.argv[1:6]


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if mode == "reject":
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with open(outfile, "ab") as f:
            f.write(envelope.original_content)
            f.write(b"\n--END-OF-MESSAGE--\n")
        return "250 2.0.0 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login == b"hep" and auth_data.password == b"s3cret":
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)


kwargs = {}
if mode in ("tls", "reject", "login"):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    kwargs = dict(tls_context=context, require_starttls=True, auth_required=True, authenticator=authenticator,
                  auth_require_tls=True)
    if mode == "login":
        kwargs["auth_exclude_mechanism"] = ["PLAIN"]
else:
    kwargs = dict(auth_required=False)

controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), server_hostname="localhost", **kwargs)
controller.start()
print("READY %d" % controller.port, flush=True)
try:
    import time
    time.sleep(3600)
finally:
    controller.stop()
