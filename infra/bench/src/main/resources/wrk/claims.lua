-- Appended to stats.lua. Every request claims for a customer of its own, <prefix>-<thread>-<n>, the prefix being
-- the script's first argument (one per run). The caller is staff, who may claim for any customer.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local sent = 0

function request()
    sent = sent + 1
    return wrk.format(nil, nil, nil, string.format('{"customerId":"%s-%d-%d"}', arguments[1], id, sent))
end
