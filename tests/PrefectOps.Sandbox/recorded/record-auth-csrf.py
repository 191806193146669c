#!/usr/bin/env python3
"""Records how a real Prefect 3 server answers the basic auth string and CSRF protection.

Usage (standard library only), against three servers of ../shared/prefect-server started with
PREFECT_KIT_SERVER_ENV set as below:
  record-auth-csrf.py <url-auth-csrf> <url-auth-csrf-1s-expiry> <url-auth-no-csrf> > prefect3-auth-csrf.md
    1: PREFECT_SERVER_API_AUTH_STRING=admin:pass PREFECT_SERVER_CSRF_PROTECTION_ENABLED=true
    2: the same and PREFECT_SERVER_CSRF_TOKEN_EXPIRATION=PT1S
    3: PREFECT_SERVER_API_AUTH_STRING=admin:pass (CSRF protection off, the default)

The markdown has the shape of shared/prefect-api/prefect2-recorded-exchanges.md plus a `headers:` block per request
(the request headers that matter here, as sent) and `server:` naming which of the three servers answered.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request

SERVERS = dict(zip(("auth+csrf", "auth+csrf, tokens expire after 1 s", "auth, no csrf"), sys.argv[1:4]))
GOOD = "Basic " + base64.b64encode(b"admin:pass").decode()
WRONG = "Basic " + base64.b64encode(b"admin:wrong").decode()
CLIENT_A = "6f1a0c2e-5b7d-4c1e-9a3b-2d4e6f8a0b1c"
CLIENT_B = "0b9c8d7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e"
out = []


def call(server, title, method, path, headers=None, body=None):
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(SERVERS[server] + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    if status == 503:  # SQLite busy right after start: Prefect's own client retries it
        time.sleep(1)
        return call(server, title, method, path, headers, body)
    out.append(f"### {title}")
    out.append(f"server: {server}")
    out.append(f"`{method} {path}`")
    shown_headers = {k: v for k, v in headers.items() if k != "Content-Type"}
    if shown_headers:
        out.append("headers:")
        out.append("```http")
        out.extend(f"{k}: {v}" for k, v in shown_headers.items())
        out.append("```")
    if body is not None:
        out.extend(["request:", "```json", json.dumps(body, indent=1), "```"])
    out.append(f"status: {status}")
    try:
        parsed = json.loads(text) if text else None
        shown = json.dumps(parsed, indent=1)
    except ValueError:
        parsed, shown = None, text
    if text:
        out.extend(["response:", "```json", shown, "```"])
    out.append("")
    return status, parsed


def csrf(token, client):
    return {"Authorization": GOOD, "Prefect-Csrf-Token": token, "Prefect-Csrf-Client": client}


S1, S2, S3 = SERVERS
out.append("")
out.append("## 1. the auth string (PREFECT_SERVER_API_AUTH_STRING=admin:pass)")
out.append("")
call(S1, "health needs no credentials", "GET", "/health")
call(S1, "version without credentials", "GET", "/version")
call(S1, "version with the right auth string", "GET", "/version", {"Authorization": GOOD})
call(S1, "admin version with the right auth string", "GET", "/admin/version", {"Authorization": GOOD})
call(S1, "version with a wrong auth string", "GET", "/version", {"Authorization": WRONG})
call(S1, "version with an API key (Bearer) instead", "GET", "/version", {"Authorization": "Bearer pnu_notakey"})
call(S1, "version with a Basic header that is not base64", "GET", "/version", {"Authorization": "Basic not-base64!"})
call(S1, "filter without credentials", "POST", "/deployments/filter", None, {"limit": 1})
call(S1, "csrf token without credentials", "GET", f"/csrf-token?client={CLIENT_A}")

out.append("## 2. CSRF protection (PREFECT_SERVER_CSRF_PROTECTION_ENABLED=true)")
out.append("")
call(S1, "a filter is a POST: it needs a CSRF token too", "POST", "/deployments/filter", {"Authorization": GOOD}, {"limit": 1})
call(S1, "write with auth but without a CSRF token", "POST", "/flows/", {"Authorization": GOOD}, {"name": "csrf-flow"})
call(S1, "csrf token without a client", "GET", "/csrf-token", {"Authorization": GOOD})
_, first = call(S1, "csrf token for client A", "GET", f"/csrf-token?client={CLIENT_A}", {"Authorization": GOOD})
call(S1, "write with a token but without the client header", "POST", "/flows/",
     {"Authorization": GOOD, "Prefect-Csrf-Token": first["token"]}, {"name": "csrf-flow"})
call(S1, "write with the client header but without a token", "POST", "/flows/",
     {"Authorization": GOOD, "Prefect-Csrf-Client": CLIENT_A}, {"name": "csrf-flow"})
_, flow = call(S1, "write with client A's token", "POST", "/flows/", csrf(first["token"], CLIENT_A), {"name": "csrf-flow"})
call(S1, "write with client A's token named for client B", "POST", "/flows/", csrf(first["token"], CLIENT_B), {"name": "csrf-flow"})
call(S1, "write with a made-up token", "POST", "/flows/", csrf("0" * 64, CLIENT_A), {"name": "csrf-flow"})
call(S1, "write with the token but without credentials", "POST", "/flows/",
     {"Prefect-Csrf-Token": first["token"], "Prefect-Csrf-Client": CLIENT_A}, {"name": "csrf-flow"})
call(S1, "write with the token but a wrong auth string", "POST", "/flows/",
     {"Authorization": WRONG, "Prefect-Csrf-Token": first["token"], "Prefect-Csrf-Client": CLIENT_A}, {"name": "csrf-flow"})
_, second = call(S1, "csrf token for client A again (a new token replaces the first)", "GET",
                 f"/csrf-token?client={CLIENT_A}", {"Authorization": GOOD})
call(S1, "write with client A's first token after the second was issued", "POST", "/flows/",
     csrf(first["token"], CLIENT_A), {"name": "csrf-flow"})
_, dep = call(S1, "create deployment with the second token", "POST", "/deployments/", csrf(second["token"], CLIENT_A),
              {"name": "csrf-deployment", "flow_id": flow["id"], "tags": ["csrf"]})
call(S1, "PATCH without a CSRF token", "PATCH", f"/deployments/{dep['id']}", {"Authorization": GOOD}, {"paused": True})
call(S1, "PATCH with the token", "PATCH", f"/deployments/{dep['id']}", csrf(second["token"], CLIENT_A), {"paused": True})
call(S1, "DELETE without a CSRF token", "DELETE", f"/deployments/{dep['id']}", {"Authorization": GOOD})
call(S1, "DELETE with the token", "DELETE", f"/deployments/{dep['id']}", csrf(second["token"], CLIENT_A))
call(S1, "DELETE flow with the token", "DELETE", f"/flows/{flow['id']}", csrf(second["token"], CLIENT_A))

out.append("## 3. an expired CSRF token (PREFECT_SERVER_CSRF_TOKEN_EXPIRATION=PT1S)")
out.append("")
_, short = call(S2, "csrf token that expires after 1 s", "GET", f"/csrf-token?client={CLIENT_A}", {"Authorization": GOOD})
time.sleep(2)
call(S2, "write with the expired token", "POST", "/flows/", csrf(short["token"], CLIENT_A), {"name": "csrf-flow"})

out.append("## 4. CSRF protection off (the server's default)")
out.append("")
call(S3, "csrf token when protection is off", "GET", f"/csrf-token?client={CLIENT_A}", {"Authorization": GOOD})
_, f3 = call(S3, "write without a CSRF token when protection is off", "POST", "/flows/", {"Authorization": GOOD},
             {"name": "no-csrf-flow"})
call(S3, "write with made-up CSRF headers when protection is off", "DELETE", f"/flows/{f3['id']}",
     csrf("0" * 64, CLIENT_B))

print("\n".join(out))
