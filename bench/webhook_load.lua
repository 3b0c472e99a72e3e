-- wrk script for bench/wallet.py: sends pre-signed POS webhook requests on a fixed
-- schedule, each exactly once (bounded in count), so signing costs nothing while timed.
--
-- The requests file (WEBHOOK_REQUESTS env var) holds complete HTTP/1.1 requests, each as
-- "<length>\n<bytes>". Thread k of n takes requests k, k+n, k+2n, ... and sends its i-th
-- one at start + (i + k/n) * n/rate seconds (WEBHOOK_RATE, requests/s over all threads):
-- an idle connection waits for its slot, a late one goes at once. With many more
-- connections than are ever busy at once, a slow answer does not delay the next send.
-- Counts answers that are not 200, or 200 with the fallback answer (the budget ran out).
local ffi = require("ffi")
ffi.cdef [[
  struct bench_timespec { long tv_sec; long tv_nsec; };
  int clock_gettime(int clk_id, struct bench_timespec *tp);
]]
local ts = ffi.new("struct bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local thread_count = tonumber(os.getenv("WEBHOOK_THREADS") or "1")
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local requests, sent, pending = {}, 0, 0
answered, not_ok, fallback = 0, 0, 0 -- globals: done() reads them with thread:get()
local start_ms, interval_ms, offset_ms

function init(args)
  local f = assert(io.open(os.getenv("WEBHOOK_REQUESTS"), "rb"))
  local index = 0
  while true do
    local header = f:read("*l")
    if not header then break end
    local raw = f:read(assert(tonumber(header)))
    if index % thread_count == id then table.insert(requests, raw) end
    index = index + 1
  end
  f:close()
  local host = string.match(requests[1] or "", "\r\nHost: ([^\r]+)\r\n") or "127.0.0.1"
  health = "GET /healthz HTTP/1.1\r\nHost: " .. host .. "\r\n\r\n"
  -- wrk asks each thread for one request before it connects and never sends that one:
  -- let it be a health check, not a webhook call.
  table.insert(requests, 1, health)
  interval_ms = 1000 * thread_count / tonumber(os.getenv("WEBHOOK_RATE"))
  offset_ms = interval_ms * id / thread_count
end

-- delay() runs when a connection has its answer and reserves the next free slot (so
-- connections that come free together do not all take the same one); request() follows.
function delay()
  if start_ms == nil then start_ms = now_ms() end
  local slot = sent + pending
  if slot >= #requests then return 3600000 end -- done: idle until wrk stops this thread
  pending = pending + 1
  return math.max(0, start_ms + offset_ms + slot * interval_ms - now_ms())
end

-- A connection wrk opens (at the start, or again after the server closed an idle one)
-- sends at once without asking delay(); past the end of the list it sends the health
-- check, so nothing is sent twice (a replay would take a shorter road).
function request()
  if pending > 0 then pending = pending - 1 end
  sent = sent + 1
  return requests[sent] or health
end

function response(status, headers, body)
  if status == 200 and body == '{"status": "ok"}' then return end -- a health check
  answered = answered + 1
  if status ~= 200 then
    not_ok = not_ok + 1
  elseif body and string.find(body, "niet beschikbaar", 1, true) then
    fallback = fallback + 1
  end
  if answered >= #requests - 1 then wrk.thread:stop() end
end

function done(summary, latency, requests_)
  local total_answered, total_not_ok, total_fallback = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_answered = total_answered + thread:get("answered")
    total_not_ok = total_not_ok + thread:get("not_ok")
    total_fallback = total_fallback + thread:get("fallback")
  end
  io.write(string.format(
    'WEBHOOK_RESULT {"requests": %d, "answered": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "not_ok": %d, "fallback": %d, "socket_errors": %d}\n',
    summary.requests, total_answered, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, total_not_ok, total_fallback,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  ))
end
