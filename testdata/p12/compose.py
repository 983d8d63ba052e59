"""Compose PKCS#12 stores OpenSSL cannot write (it exports one key per file).

Input: stores written with `-keypbe NONE -certpbe NONE -nomac` (plain DER, no MAC).
  two A B OUT       every ContentInfo of A's and B's AuthenticatedSafe in one store
  mismatch A B OUT  A's key bag with B's certificate bag, B's localKeyId replaced by A's
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


def main():
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
