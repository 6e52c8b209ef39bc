#!/usr/bin/env python3
"""Issue 22 multi-node check: three Parley nodes on one PostgreSQL database behind nginx.

Checks: the three nodes started at the same moment on an empty database all serve; a
member signed in through nginx is signed in on every node (each hit directly); the
sign-in limit holds across nodes (attempts spread over the three hit it at the same total
as on one node); killing the node that leads the scheduled work moves the lease to
another node within a minute (`parley_leader` in /metrics); a sanction applied through
node A ends the member's session on B and C at once; each queued mail reaches a real SMTP
server (a sink over TCP started here) exactly once, whichever node claims it.
"""
import argparse
import http.cookiejar
import os
import re
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

TOKEN = "multinode-metrics"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


class Client:
    """A browser: cookies, and the CSRF token echoed in forms."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def get(self, url, headers=None):
        req = urllib.request.Request(url, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read().decode("utf-8", "replace"), r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace"), e.headers

    def csrf(self):
        for c in self.jar:
            if c.name == "parley_csrf":
                return c.value
        return None

    def post(self, url, fields):
        if self.csrf() is None:
            self.get(url.rsplit("/", 1)[0] + "/login")
        fields = dict(fields, csrf_token=self.csrf() or "")
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(url, data=data, method="POST")
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.headers
        except urllib.error.HTTPError as e:
            return e.code, e.headers

    def session_cookie(self):
        return [c for c in self.jar if "session" in c.name]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def psql(url, sql):
    subprocess.run(["psql", url, "-Atqc", sql], check=True)


def psql_value(url, sql):
    out = subprocess.run(["psql", url, "-Atqc", sql], check=True, capture_output=True)
    return out.stdout.decode().strip()


class SmtpSink(socketserver.ThreadingTCPServer):
    """A real SMTP server over TCP (RFC 5321's minimal command set) that keeps every
    message it accepts: (envelope recipients, raw message)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages = []
        self.lock = threading.Lock()

    def message_ids(self):
        with self.lock:
            ids = []
            for _, raw in self.messages:
                m = re.search(r"^Message-ID:\s*(\S+)", raw, re.M | re.I)
                ids.append(m.group(1) if m else None)
            return ids


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        rcpts = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("utf-8", "replace").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 ok")
            elif verb == "RCPT":
                rcpts.append(cmd.split(":", 1)[1].strip())
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                body = []
                while True:
                    data = self.rfile.readline()
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    body.append(data.decode("utf-8", "replace"))
                with self.server.lock:
                    self.server.messages.append((rcpts, "".join(body)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP and anything else
                self.reply("250 ok")


def wait_serving(url, proc, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.2)
    return False


def leader_of(nodes):
    """The node names whose /metrics says parley_leader 1."""
    leaders = []
    for name, n in nodes.items():
        if n["proc"].poll() is not None:
            continue
        status, body, _ = Client().get(
            n["url"] + "/metrics", {"Authorization": f"Bearer {TOKEN}"}
        )
        if status != 200:
            fail(f"/metrics on {name} answered {status}")
        if re.search(r"^parley_leader 1$", body, re.M):
            leaders.append(name)
    return leaders


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", required=True)
    ap.add_argument("--pg", required=True)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="parley-multinode-")
    dbname = "parley_multinode_" + str(os.getpid())
    psql(args.pg, f"CREATE DATABASE {dbname}")
    db_url = args.pg.rsplit("/", 1)[0] + "/" + dbname
    procs = []
    nginx = None
    sink = SmtpSink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        nodes = {}
        for name in ("a", "b", "c"):
            port = free_port()
            nodes[name] = {"port": port, "url": f"http://127.0.0.1:{port}"}
        proxy_port = free_port()
        proxy = f"http://127.0.0.1:{proxy_port}"
        env_common = dict(
            os.environ,
            DATABASE_URL=db_url,
            PARLEY_BASE_URL=proxy,
            PARLEY_TRUST_PROXY="true",
            PARLEY_METRICS__TOKEN=TOKEN,
            PARLEY_RATE_LIMITS__SIGNIN_PER_ACCOUNT_PER_MINUTE="6",
            PARLEY_RATE_LIMITS__SIGNIN_PER_IP_PER_MINUTE="1000",
            PARLEY_RATE_LIMITS__RESET_PER_IP_PER_HOUR="1000",
            PARLEY_SMTP_URL=f"smtp://127.0.0.1:{sink.server_address[1]}",
        )
        # The three nodes start at the same moment on the empty database.
        for name, n in nodes.items():
            env = dict(env_common, PARLEY_DATA_DIR=os.path.join(work, name))
            log = open(os.path.join(work, f"{name}.log"), "w")
            n["log"] = log.name
            n["proc"] = subprocess.Popen(
                [args.parley, "serve", "--bind", f"127.0.0.1:{n['port']}"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )
            procs.append(n["proc"])
        for name, n in nodes.items():
            if not wait_serving(n["url"], n["proc"]):
                fail(f"node {name} does not serve; see {n['log']}")
        print("ok: three nodes started at once on an empty database all serve")

        conf = os.path.join(work, "nginx.conf")
        upstream = "\n".join(f"    server 127.0.0.1:{n['port']};" for n in nodes.values())
        with open(conf, "w") as f:
            user = "user root;\n" if os.geteuid() == 0 else ""
            f.write(user + f"""daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  upstream parley {{
{upstream}
  }}
  server {{
    listen 127.0.0.1:{proxy_port};
    location / {{
      proxy_pass http://parley;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto http;
    }}
  }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", conf, "-p", work])
        if not wait_serving(proxy, nginx, 30):
            fail("nginx did not serve")
        print("ok: nginx round-robin in front")

        # A member signed in through nginx is signed in on every node.
        subprocess.run(
            [args.parley, "user", "create", "--username", "mira", "--email", "mira@example.com"],
            input=b"a long enough password 1\n", env=dict(env_common, PARLEY_DATA_DIR=work),
            check=True, stdout=subprocess.DEVNULL,
        )
        browser = Client()
        status, _ = browser.post(proxy + "/login", {"login": "mira",
                                                    "password": "a long enough password 1"})
        if status != 303 or not browser.session_cookie():
            fail(f"sign-in through nginx answered {status}")
        for name, n in nodes.items():
            status, body, _ = browser.get(n["url"] + "/settings/account")
            if status != 200 or "mira" not in body:
                fail(f"the member is not signed in on node {name} ({status})")
        print("ok: a member signed in through one node is signed in on all three")

        # The sign-in limit (6 a minute per account) holds across the nodes.
        names = list(nodes)
        refused_at = None
        for i in range(1, 13):
            n = nodes[names[i % 3]]
            status, _ = Client().post(n["url"] + "/login", {"login": "victim",
                                                            "password": "wrong password " + str(i)})
            if status == 429:
                refused_at = i
                break
        if refused_at != 7:
            fail(f"attempts spread over three nodes were refused at {refused_at}, expected 7")
        print("ok: the sign-in limit holds across nodes (the 7th attempt of 6 is refused)")

        # Each queued mail is sent once, whichever of the three nodes' workers claims it:
        # twelve reset requests spread over the nodes, then the outbox drains into the sink.
        resets = [f"reset{i:02d}" for i in range(12)]
        for u in resets:
            subprocess.run(
                [args.parley, "user", "create", "--username", u, "--email", f"{u}@example.com"],
                input=b"a long enough password 1\n", env=dict(env_common, PARLEY_DATA_DIR=work),
                check=True, stdout=subprocess.DEVNULL,
            )
        for i, u in enumerate(resets):
            n = nodes[names[i % 3]]
            status, _ = Client().post(n["url"] + "/password/reset", {"email": f"{u}@example.com"})
            if status not in (200, 303):
                fail(f"reset request for {u} on a node answered {status}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if psql_value(db_url, "SELECT COUNT(*) FROM outbox WHERE status = 'queued'") == "0":
                break
            time.sleep(0.5)
        else:
            fail("the outbox did not drain within a minute")
        time.sleep(1)  # let a duplicate, if any node were to send one, arrive
        sent = int(psql_value(db_url, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"))
        ids = sink.message_ids()
        if None in ids or len(set(ids)) != len(ids):
            fail(f"the sink received a message twice or without a Message-ID: {ids}")
        if len(ids) != sent:
            fail(f"{sent} mails marked sent, {len(ids)} received")
        for u in resets:
            got = [r for r, _ in sink.messages if any(f"{u}@example.com" in x for x in r)]
            if len(got) != 1:
                fail(f"{u} received {len(got)} reset mails, expected 1")
        print(f"ok: each of the {sent} queued mails reached the SMTP sink exactly once")

        # A sanction applied through node A ends the member's session on B and C at once.
        subprocess.run(
            [args.parley, "user", "create", "--username", "mona", "--email", "mona@example.com",
             "--role", "admin"],
            input=b"a long enough password 2\n", env=dict(env_common, PARLEY_DATA_DIR=work),
            check=True, stdout=subprocess.DEVNULL,
        )
        a, b, c = (nodes[x]["url"] for x in names)
        moderator = Client()
        status, _ = moderator.post(a + "/login", {"login": "mona",
                                                  "password": "a long enough password 2"})
        if status != 303:
            fail(f"the admin's sign-in on node a answered {status}")
        for url in (b, c):  # warm each node's session cache for the member first
            status, body, _ = browser.get(url + "/settings/account")
            if status != 200 or "mira" not in body:
                fail(f"the member is not signed in on {url} before the sanction ({status})")
        status, _ = moderator.post(a + "/mod/users/mira/sanction",
                                   {"kind": "suspend", "days": "3",
                                    "reason": "multi-node check: suspended through node a"})
        if status != 303:
            fail(f"the sanction through node a answered {status}")
        for name, url in (("b", b), ("c", c)):
            status, body, headers = browser.get(url + "/settings/account")
            if status == 200:
                fail(f"the suspended member is still signed in on node {name}")
        print("ok: a sanction through node a ends the member's session on b and c at once")

        # Killing the leader moves the scheduled work within a minute.
        leaders = leader_of(nodes)
        if len(leaders) != 1:
            fail(f"expected one leader, found {leaders}")
        old = leaders[0]
        nodes[old]["proc"].send_signal(signal.SIGKILL)
        nodes[old]["proc"].wait()
        deadline = time.monotonic() + 60
        new = []
        while time.monotonic() < deadline:
            new = leader_of(nodes)
            if new:
                break
            time.sleep(1)
        if len(new) != 1 or new[0] == old:
            fail(f"no other node took the lead within a minute (leaders: {new})")
        print(f"ok: node {old} killed, node {new[0]} leads within a minute")
        print("multinode: all checks passed")
    finally:
        sink.shutdown()
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        for p in procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
        try:
            psql(args.pg, f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        except subprocess.CalledProcessError:
            pass


if __name__ == "__main__":
    main()
