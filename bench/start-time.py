#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Fork to first reply of an agent on a unix socket, with a client that costs nothing to start.

    python3 bench/start-time.py N COMMAND...      ({sock} in COMMAND becomes the socket's path)
    python3 bench/start-time.py --trees N ROOT...  (unpacked packages, started in turn)

Starts COMMAND N times; each time connects as soon as the socket accepts, sends guest-sync and
times fork -> the reply's newline. Prints the median, the best and every run. With RSS=1 it also
reads VmRSS/RssAnon RSS_AT seconds (default 3) after the reply. The agent's stderr goes to
/tmp/start-time-<pid>.err. Used for the start-time work in docs/performance.md; bin/bench-package
gives the official side-by-side figures (its Java client measures a few ms higher).

--trees compares package trees (each ROOT holds usr/sbin/jga-agent, e.g. packaging/target/deb-root
or a copy with other jvm.options and a retrained cache): one start of each in turn, N rounds, so
a busy moment hits them all alike. It also reports each start's CPU time (user + system, from
wait4 after a SIGKILL right at the reply), which varies less than the wall time on a noisy machine.

Example, from an unpacked package (packaging/target/deb-root):
    python3 ../../../bench/start-time.py 11 usr/sbin/jga-agent -m unix-listen -p {sock} \\
        -t /tmp/st -f /tmp/st/j.pid
"""
import os, re, shutil, socket, statistics, subprocess, sys, tempfile, time

def main():
    if sys.argv[1] == "--trees":
        trees(int(sys.argv[2]), sys.argv[3:])
        return
    n = int(sys.argv[1]); command = sys.argv[2:]
    times, rss = [], []
    work = tempfile.mkdtemp(prefix="start-time-")
    err_path = f"/tmp/start-time-{os.getpid()}.err"
    sock = os.path.join(work, "qga.sock")
    for _ in range(n):
        agent, client, elapsed = start([a.replace("{sock}", sock) for a in command], sock, err_path)
        times.append(elapsed)
        if os.environ.get("RSS"):
            time.sleep(float(os.environ.get("RSS_AT", "3")))
            status = open(f"/proc/{agent.pid}/status").read()
            rss.append(tuple(int(re.search(key + r":\s+(\d+)", status).group(1)) / 1024
                             for key in ("VmRSS", "RssAnon")))
        client.close(); agent.terminate(); agent.wait()
    shutil.rmtree(work, ignore_errors=True)
    print("median %.1f ms  min %.1f  all %s" % (statistics.median(times), min(times),
                                               " ".join("%.0f" % t for t in times)))
    if rss:
        print("rss median %.1f MB, RssAnon %.1f MB" % (statistics.median(r for r, _ in rss),
                                                      statistics.median(a for _, a in rss)))

def trees(n, roots):
    wall = {root: [] for root in roots}
    cpu = {root: [] for root in roots}
    work = tempfile.mkdtemp(prefix="start-time-")
    err_path = f"/tmp/start-time-{os.getpid()}.err"
    sock = os.path.join(work, "qga.sock")
    for _ in range(n):
        for root in roots:
            argv = [os.path.join(root, "usr/sbin/jga-agent"), "-m", "unix-listen", "-p", sock, "-t", work,
                    "-f", os.path.join(work, "j.pid")]
            agent, client, elapsed = start(argv, sock, err_path)
            wall[root].append(elapsed)
            agent.kill()
            _, _, usage = os.wait4(agent.pid, 0)
            agent.returncode = -9
            cpu[root].append((usage.ru_utime + usage.ru_stime) * 1000)
            client.close()
    shutil.rmtree(work, ignore_errors=True)
    for root in roots:
        print("%-40s wall median %6.1f ms  min %6.1f | cpu median %6.1f ms  min %6.1f" % (
            root, statistics.median(wall[root]), min(wall[root]), statistics.median(cpu[root]), min(cpu[root])))

def start(argv, sock, err_path):
    """Starts argv and returns (agent, client, ms from fork to the first guest-sync reply)."""
    if os.path.exists(sock):
        os.unlink(sock)
    t0 = time.perf_counter()
    agent = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=open(err_path, "w"))
    client = connect(sock, agent)
    client.sendall(b'{"execute":"guest-sync","arguments":{"id":1}}\n')
    reply = b""
    while b"\n" not in reply:
        data = client.recv(4096)
        if not data:
            break
        reply += data
    return agent, client, (time.perf_counter() - t0) * 1000

def connect(sock, agent):
    while True:
        client = socket.socket(socket.AF_UNIX)
        try:
            client.connect(sock)
            return client
        except OSError:
            client.close()
            if agent.poll() is not None:
                sys.exit(f"start-time.py: the agent exited with status {agent.returncode} (see its stderr)")
            time.sleep(0.0005)

if __name__ == "__main__":
    main()
