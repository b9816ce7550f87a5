"""Settings of ``bench/load.sh`` only: the production settings (whatever COALITION_ENV the
script exports) with one more address, a bare view (``bench/load_urls.py``), so that the
load test compares the public pages with the cheapest page the same middleware can serve.
Never used by the product."""

from coalition.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
