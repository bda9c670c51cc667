"""An independent test client for wks-sim, standard library only.

It signs requests with SDK-HMAC-SHA256 as /work/shared/reference/signing.md describes it (written
from that page, not from any deskops code), talks HTTP/1.1 over TLS with http.client, and starts
and stops real wks-sim processes (port 0, URL read from the first line of output, CA file trusted).
"""

import datetime
import hashlib
import hmac
import http.client
import json
import os
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.parse

DEMO_AK = "WKSSIMDEMOACCESSKEY0"
DEMO_SK = "wks-sim-demo-secret-key-0000000000000000"
DEMO_PROJECT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def encode(text):
    """Percent-encodes everything but A-Z a-z 0-9 - _ . ~, upper-case hex, space as %20."""
    return urllib.parse.quote(str(text), safe="-_.~")


def canonical_uri(path):
    uri = "/".join(encode(urllib.parse.unquote(seg)) for seg in path.split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(pairs):
    items = sorted((encode(k), encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in items)


def sign(method, path, query_pairs, headers, body, ak, sk, signed=None, date=None):
    """Returns the headers to send: X-Sdk-Date and Authorization added.

    `signed`: the header names to sign (lower-case); x-sdk-date is always among them."""
    headers = dict(headers)
    date = date or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    headers["X-Sdk-Date"] = date
    lower = {k.lower(): v.strip() for k, v in headers.items()}
    names = sorted(set(signed or lower.keys()) | {"x-sdk-date"})
    canonical_headers = "".join(f"{n}:{lower[n]}\n" for n in names)
    payload_hash = lower.get("x-sdk-content-sha256") or hashlib.sha256(body).hexdigest()
    canonical = "\n".join([method, canonical_uri(path), canonical_query(query_pairs),
                           canonical_headers, ";".join(names), payload_hash])
    string_to_sign = "\n".join(["SDK-HMAC-SHA256", date,
                                hashlib.sha256(canonical.encode()).hexdigest()])
    signature = hmac.new(sk.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = (f"SDK-HMAC-SHA256 Access={ak}, SignedHeaders={';'.join(names)}, "
                                f"Signature={signature}")
    return headers


class Reply:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        self.json = json.loads(raw) if raw else None

    def __repr__(self):
        return f"Reply({self.status}, {self.raw[:300]!r})"


class Client:
    """Signed requests to /v2/{project_id}/... plus unsigned control calls to /_sim/."""

    def __init__(self, url, ca_file=None, ak=DEMO_AK, sk=DEMO_SK, project=DEMO_PROJECT):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port, self.https = parsed.hostname, parsed.port, parsed.scheme == "https"
        self.ak, self.sk, self.project = ak, sk, project
        self.context = ssl.create_default_context(cafile=ca_file) if self.https else None
        self.conn = None

    def _connection(self):
        if self.conn is None:
            if self.https:
                self.conn = http.client.HTTPSConnection(self.host, self.port, timeout=30,
                                                        context=self.context)
            else:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return self.conn

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def raw(self, method, path, query=None, body=None, headers=None, auth=True, **sign_args):
        pairs = list(query.items()) if isinstance(query, dict) else list(query or [])
        pairs = [(k, v) for k, vs in pairs for v in (vs if isinstance(vs, list) else [vs])]
        data = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        hdrs = {"Content-Type": "application/json", "Host": f"{self.host}:{self.port}"}
        hdrs.update(headers or {})
        if auth:
            hdrs = sign(method, path, pairs, hdrs, data, sign_args.pop("ak", self.ak),
                        sign_args.pop("sk", self.sk), **sign_args)
        target = path + ("?" + "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs) if pairs else "")
        for attempt in range(2):
            conn = self._connection()
            try:
                conn.request(method, target, body=data, headers=hdrs)
                resp = conn.getresponse()
                return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 1:
                    raise

    def api(self, method, path, query=None, body=None, project=None, **kw):
        return self.raw(method, f"/v2/{project or self.project}{path}", query, body, **kw)

    def get(self, path, query=None, **kw):
        return self.api("GET", path, query, **kw)

    def post(self, path, body=None, query=None, **kw):
        return self.api("POST", path, query, body if body is not None else {}, **kw)

    def put(self, path, body=None, **kw):
        return self.api("PUT", path, None, body if body is not None else {}, **kw)

    def delete(self, path, body=None, query=None, **kw):
        return self.api("DELETE", path, query, body, **kw)

    def control(self, method, path, body=None):
        return self.raw(method, "/_sim/" + path, None, body, auth=False)

    # Helpers the tests share.
    def wait_job(self, job_id, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            reply = self.get(f"/workspace-jobs/{job_id}")
            if reply.status != 200 or reply.json["status"] in ("SUCCESS", "FAILED"):
                return reply
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} still {reply.json['status']}")
            time.sleep(0.05)


class SimProcess:
    """A wks-sim process on 127.0.0.1 port 0; use as a context manager."""

    def __init__(self, binary, *args, tls=True, control=True, jobs="immediate", env=None,
                 workdir=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="wks-sim-test-")
        self.ca_file = os.path.join(self.workdir, "ca.pem")
        self.log_file = os.path.join(self.workdir, "wks-sim.log")
        cmd = [binary, "--listen", "127.0.0.1:0", "--jobs", jobs, "--log-format", "json"]
        cmd += ["--ca-out", self.ca_file] if tls else ["--plain-http"]
        if control:
            cmd.append("--control-api")
        self.cmd = cmd + list(args)
        self.env = env
        self.proc = None
        self.url = None

    def start(self):
        self.log = open(self.log_file, "ab")
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=self.log,
                                     env=self.env)
        self.url = self.proc.stdout.readline().decode().strip()
        if not self.url.startswith("http"):
            self.proc.wait(10)
            raise AssertionError(f"wks-sim did not start: {self.read_log()}")
        return self

    def client(self, **kw):
        return Client(self.url, self.ca_file if self.url.startswith("https") else None, **kw)

    def read_log(self):
        with open(self.log_file, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Signals the process (when it still runs) and returns its exit code; idempotent."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("wks-sim did not stop on SIGTERM")
        if self.proc and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self.log.closed:
            self.log.close()
        return self.proc.returncode

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
