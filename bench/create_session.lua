-- wrk script: create one session per request with the admin key (POST /api/sessions); the
-- server places each on the least-loaded live node. The key comes from the environment.
wrk.method = "POST"
wrk.path = "/api/sessions"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("VIGIL_ADMIN_KEY")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"candidate_name": "Bench", "interviewer_name": "Bench"}'

done = function(summary, latency, requests)
  io.write(string.format("BENCH completed=%d errors_status=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(99), summary.duration))
end
