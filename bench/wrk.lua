-- wrk's report for bench/load.sh: one JSON line (prefixed "wrk-json ") with the requests,
-- the latency percentiles and the errors, where an error is any answer that is not 2xx
-- (counted by each thread) or any socket error (connect, read, write, timeout).
wrk.headers["X-Forwarded-Proto"] = "https"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
  end
end

function done(summary, latency, requests)
  local not_2xx_total = 0
  for _, thread in ipairs(threads) do
    not_2xx_total = not_2xx_total + thread:get("not_2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'wrk-json {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p99_us": %d, '
      .. '"not_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), not_2xx_total,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
