"""The usual Python way to fetch a list concurrently: aiohttp, asyncio.gather and a
Semaphore(N). Exits 0 only if every URL answered 200 (unless --any-status: then
only if the script itself finished).

    python3 aiohttp_fetch.py CONCURRENCY URL_FILE [--connect-timeout S] [--timeout S]
                             [--retries N] [--any-status]

With --retries, a URL that raised or answered 429 or 5xx is tried again after
1, 2, 4... seconds, as a hand-written retry loop would."""

import argparse
import asyncio
import sys

import aiohttp


async def fetch(session, semaphore, url, retries):
    for attempt in range(retries + 1):
        try:
            async with semaphore:
                async with session.get(url) as response:
                    await response.read()
                    status = response.status
            if status != 429 and status < 500:
                return status
        except (aiohttp.ClientError, asyncio.TimeoutError):
            status = None
        if attempt < retries:
            await asyncio.sleep(2 ** attempt)
    return status


async def main(options):
    with open(options.urls) as file:
        urls = [line.strip() for line in file if line.strip()]
    semaphore = asyncio.Semaphore(options.concurrency)
    connector = aiohttp.TCPConnector(limit=options.concurrency)
    timeout = aiohttp.ClientTimeout(total=options.timeout, sock_connect=options.connect_timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        statuses = await asyncio.gather(*(fetch(session, semaphore, url, options.retries) for url in urls))
    return 0 if options.any_status or all(status == 200 for status in statuses) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("concurrency", type=int)
    parser.add_argument("urls")
    parser.add_argument("--connect-timeout", type=float, default=None)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--retries", type=int, default=0)
    parser.add_argument("--any-status", action="store_true")
    sys.exit(asyncio.run(main(parser.parse_args())))
