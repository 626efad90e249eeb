"""The usual Python way to fetch a list concurrently: aiohttp, asyncio.gather and a
Semaphore(N). Exits 0 only if every URL answered 200.

    python3 aiohttp_fetch.py CONCURRENCY URL_FILE"""

import asyncio
import sys

import aiohttp


async def fetch(session, semaphore, url):
    async with semaphore:
        async with session.get(url) as response:
            await response.read()
            return response.status


async def main(concurrency, path):
    with open(path) as file:
        urls = [line.strip() for line in file if line.strip()]
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        statuses = await asyncio.gather(*(fetch(session, semaphore, url) for url in urls))
    return 0 if all(status == 200 for status in statuses) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(int(sys.argv[1]), sys.argv[2])))
