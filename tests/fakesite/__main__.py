"""Serve a fake mail.kz by hand: `python -m tests.fakesite --articles 5000 --port 8080`."""

from __future__ import annotations

import argparse
import threading
import time

from .site import FakeSite


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakesite", description=__doc__)
    parser.add_argument("--articles", type=int, default=500, help="how many articles (500)")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1; 0 = any free")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--sitemap", action="store_true", help="serve /sitemap.xml")
    parser.add_argument("--rss", action="store_true", help="serve /ru/rss and /kz/rss")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    site = FakeSite(
        args.articles,
        seed=args.seed,
        page_size=args.page_size,
        sitemap=args.sitemap,
        rss=args.rss,
    )
    made = time.perf_counter() - began
    base = site.start(args.port)
    ru = sum(a.lang == "ru" for a in site.articles)
    print(
        f"{len(site.articles)} articles ({ru} ru, {len(site.articles) - ru} kk) in {made:.2f} s",
        flush=True,
    )
    try:  # from the line that invites a Ctrl-C on: one sent at once is caught too
        print(
            f"serving {base}  (listings: {base}/ru/news {base}/kz/news); Ctrl-C stops", flush=True
        )
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()
        served = len(site.requests)
        print(f"stopped after {served} requests, {sum(site.article_fetches().values())} articles")


if __name__ == "__main__":
    main()
