"""A framework-free WSGI back-end handler: POST a request envelope (DER, PEM or base64),
get the report JSON (200 when valid, 422 when not) or a 400 for input that is not an
envelope. The refusal text follows Accept-Language (ru / kk / en; default ru)."""

import json

import egov_sign

MAX_BODY = egov_sign.MAX_ENVELOPE_SIZE


def make_app(verifier: egov_sign.Verifier):
    def app(environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return _answer(start_response, "405 Method Not Allowed", {"error": "POST an envelope"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            return _answer(start_response, "413 Payload Too Large", {"error": "bad size"})
        body = environ["wsgi.input"].read(length)
        lang = (environ.get("HTTP_ACCEPT_LANGUAGE") or "ru")[:2].lower()
        lang = lang if lang in ("ru", "kk", "kz", "en") else "ru"
        try:
            report = verifier.verify_request(body)  # releases the GIL; verifier is shared
        except egov_sign.MalformedInputError as e:
            return _answer(start_response, "400 Bad Request", {"error": e.code, "detail": e.message})
        if report.is_valid:
            return _answer(start_response, "200 OK", report.to_dict())
        return _answer(
            start_response,
            "422 Unprocessable Entity",
            {"refusal": report.refusal_text(lang), "report": report.to_dict()},
        )

    return app


def _answer(start_response, status, payload):
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                            ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":  # python wsgi_handler.py  →  http://127.0.0.1:8000/
    from wsgiref.simple_server import make_server

    from egov_sign.testing import TestPki

    pki = TestPki("p256")  # demo trust only: use your real anchors, intermediates and CRLs
    with make_server("127.0.0.1", 8000, make_app(pki.verifier())) as server:
        server.serve_forever()
