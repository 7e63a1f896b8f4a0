-- Counts the answers of every thread by status; done() prints one line for the benchmark to parse:
-- "wrk-result " followed by JSON (requests, duration, latency percentiles, socket errors, statuses).
local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
    arguments = args
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local counts = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            counts[status] = (counts[status] or 0) + count
        end
    end
    local parts = {}
    for status, count in pairs(counts) do
        table.insert(parts, string.format('"%d":%d', status, count))
    end
    local errors = summary.errors
    io.write(string.format(
        'wrk-result {"requests":%d,"durationMicros":%d,"p50Micros":%.0f,"p99Micros":%.0f,"socketErrors":%d,"statuses":{%s}}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ",")))
end
