-- wrk script: every request takes a random path from the file named by the first script argument (one per line),
-- with a mail client's user agent (requests without one are counted as machines').
local paths = {}

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

wrk.headers["User-Agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
