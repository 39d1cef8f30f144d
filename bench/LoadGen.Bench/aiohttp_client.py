"""The same work as the C# load generator, for comparison: closed-loop streaming /v1/completions with aiohttp,
timing the first token and every gap. Prints one JSON line: requests, tokens, failures, seconds."""
import asyncio, json, sys, time
import aiohttp

async def main(base_url, concurrency, seconds, max_tokens):
    stop_at = time.perf_counter() + seconds
    done = {"requests": 0, "tokens": 0, "failed": 0}
    body = {"model": "Qwen/Qwen3-8B", "prompt": "energy model token server latency " * 8, "max_tokens": max_tokens, "stream": True}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def worker():
            while time.perf_counter() < stop_at:
                start = time.perf_counter(); last = None; gaps = []; tokens = 0
                try:
                    async with session.post(base_url + "/v1/completions", json=body) as response:
                        if response.status != 200:
                            done["failed"] += 1; continue
                        async for raw in response.content:
                            line = raw.strip()
                            if not line.startswith(b"data:"):
                                continue
                            payload = line[5:].strip()
                            if payload == b"[DONE]":
                                break
                            text = json.loads(payload)["choices"][0].get("text")
                            if text:
                                now = time.perf_counter()
                                if last is not None:
                                    gaps.append(now - last)
                                last = now; tokens += 1
                    done["requests"] += 1; done["tokens"] += tokens
                except aiohttp.ClientError:
                    done["failed"] += 1
        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        done["seconds"] = time.perf_counter() - began
    print(json.dumps(done))

if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])))
