#!/usr/bin/python3
"""Sequential QIDO-RS requests over one keep-alive connection against a running Custos, for profiling one
request's latency (attach JFR with `jcmd <archive pid> JFR.start ...` meanwhile). Not a comparison:
bench/run.sh is the benchmark.

  bench/qido-latency.py --token "$(./custos token --subject p --role clinician --tenant default --ttl 1h)" \
      --path '/dicom-web/studies?PatientID=BP000238' -n 800
"""
import argparse
import http.client
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--token", required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    a = ap.parse_args()
    conn = http.client.HTTPConnection(a.host, a.port)
    lat = []
    for _ in range(a.n):
        start = time.perf_counter()
        conn.request("GET", a.path, headers={"Authorization": "Bearer " + a.token})
        response = conn.getresponse()
        response.read()
        if response.status not in (200, 204):
            raise SystemExit("HTTP %d" % response.status)
        lat.append((time.perf_counter() - start) * 1000)
    lat.sort()
    print("n %d p50 %.2f p90 %.2f p99 %.2f ms" % (a.n, lat[a.n // 2], lat[int(a.n * .9)], lat[int(a.n * .99)]))


if __name__ == "__main__":
    main()
