#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that adds latency: every chunk read from either side is written to the
other side DELAY_MS/2 later (order kept, throughput not limited), so that each request/response
round trip costs DELAY_MS more, as a registry across a network would.

    latency-proxy.py LISTEN_PORT TARGET_HOST:TARGET_PORT [DELAY_MS=20]

Prints "ready" on stdout once it listens; stops on SIGTERM/SIGINT."""
import asyncio
import signal
import sys


async def pipe(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def sender():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                break
            writer.write(data)
            await writer.drain()
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass

    task = asyncio.create_task(sender())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((loop.time() + delay, data))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((loop.time() + delay, None))
    try:
        await task
    except (ConnectionError, OSError):
        pass


async def main():
    port = int(sys.argv[1])
    host, tport = sys.argv[2].rsplit(":", 1)
    delay = (float(sys.argv[3]) if len(sys.argv) > 3 else 20.0) / 2000.0

    async def handle(creader, cwriter):
        try:
            sreader, swriter = await asyncio.open_connection(host, int(tport))
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(pipe(creader, swriter, delay), pipe(sreader, cwriter, delay))
        for w in (cwriter, swriter):
            w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    stop = asyncio.Event()
    for s in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(s, stop.set)
    print("ready", flush=True)
    async with server:
        await stop.wait()


asyncio.run(main())
