"""Compose PKCS#12 stores OpenSSL cannot write (it exports one key per file).

Input: stores written with `-keypbe NONE -certpbe NONE -nomac` (plain DER, no MAC).
  two A B OUT       every ContentInfo of A's and B's AuthenticatedSafe in one store
  mismatch A B OUT  A's key bag with B's certificate bag, B's localKeyId replaced by A's
  plain KEY CERT ALIAS OUT
                    a store from scratch: a keyBag (KEY: PKCS#8 DER) and a certBag (CERT: DER)
                    sharing friendlyName ALIAS and localKeyId SHA-1(CERT), unencrypted, no MAC
                    (for key types OpenSSL cannot read, e.g. the NCA GOST keys)
"""
import sys


def tlv(data, off):
    tag = data[off]
    first = data[off + 1]
    if first < 0x80:
        return tag, off + 2, first
    n = first & 0x7F
    length = int.from_bytes(data[off + 2 : off + 2 + n], "big")
    return tag, off + 2 + n, length


def children(data, start, end):
    out = []
    off = start
    while off < end:
        tag, c, length = tlv(data, off)
        out.append((tag, off, c, c + length))
        off = c + length
    return out


def enc(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([tag, n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([tag, 0x80 | len(b)]) + b
    return head + content


def auth_safe_items(path):
    d = open(path, "rb").read()
    _, c, l = tlv(d, 0)
    _version, auth_safe = children(d, c, c + l)[:2]
    _oid, content = children(d, auth_safe[2], auth_safe[3])
    o = children(d, content[2], content[3])[0]
    seq = children(d, o[2], o[3])[0]
    return [d[s:e] for (_, s, _, e) in children(d, seq[2], seq[3])]


def pfx(items):
    auth = enc(0x30, b"".join(items))
    data_oid = bytes.fromhex("06092a864886f70d010701")
    ci = enc(0x30, data_oid + enc(0xA0, enc(0x04, auth)))
    return enc(0x30, bytes.fromhex("020103") + ci)


def local_key_id(item):
    marker = bytes.fromhex("06092a864886f70d01091531160414")
    i = item.index(marker) + len(marker)
    return item[i : i + 20]


def oid(hexstr):
    return enc(0x06, bytes.fromhex(hexstr))


def attributes(alias, key_id):
    name = enc(0x30, oid("2a864886f70d010914") + enc(0x31, enc(0x1E, alias.encode("utf-16-be"))))
    kid = enc(0x30, oid("2a864886f70d010915") + enc(0x31, enc(0x04, key_id)))
    return enc(0x31, name + kid)


def plain(key_path, cert_path, alias, out):
    import hashlib

    key, cert = open(key_path, "rb").read(), open(cert_path, "rb").read()
    key_id = hashlib.sha1(cert).digest()
    attrs = attributes(alias, key_id)
    key_bag = enc(0x30, oid("2a864886f70d010c0a0101") + enc(0xA0, key) + attrs)
    cert_bag_value = enc(0x30, oid("2a864886f70d01091601") + enc(0xA0, enc(0x04, cert)))
    cert_bag = enc(0x30, oid("2a864886f70d010c0a0103") + enc(0xA0, cert_bag_value) + attrs)
    data_oid = oid("2a864886f70d010701")
    items = [
        enc(0x30, data_oid + enc(0xA0, enc(0x04, enc(0x30, cert_bag)))),
        enc(0x30, data_oid + enc(0xA0, enc(0x04, enc(0x30, key_bag)))),
    ]
    open(out, "wb").write(pfx(items))


def main():
    if sys.argv[1:2] == ["plain"]:
        plain(*sys.argv[2:6])
        return
    mode, a, b, out = sys.argv[1:5]
    ia, ib = auth_safe_items(a), auth_safe_items(b)
    if mode == "two":
        items = ia + ib
    elif mode == "mismatch":
        # OpenSSL writes the certificate ContentInfo first, then the key's.
        cert_b, key_a = ib[0], ia[1]
        cert_b = cert_b.replace(local_key_id(cert_b), local_key_id(key_a))
        items = [cert_b, key_a]
    else:
        raise SystemExit(__doc__)
    open(out, "wb").write(pfx(items))


main()
