-- wrk script: POST one page event per request with the candidate's token.
-- The token and session come from the environment set by scripts/bench.sh.
wrk.method = "POST"
wrk.path = "/api/sessions/" .. os.getenv("BENCH_SESSION") .. "/events"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind": "copy_paste", "details": "bench"}'

done = function(summary, latency, requests)
  io.write(string.format("BENCH completed=%d errors_status=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(99), summary.duration))
end
