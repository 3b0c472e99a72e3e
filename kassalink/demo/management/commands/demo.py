"""`kassalink demo`: seed the demo shop, then run simulator, web, worker and beat together.

`make demo` calls this after migrating. It announces the URLs only once every part answers:
the simulator and the web server on their ports, the worker by taking the first sync run.
Ctrl-C stops every process.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kassalink.demo.seed import NEW_SHOP_OWNER, OPERATOR, OWNER, seed_demo_shop
from kassalink.demo.staff import DEMO_SEED
from kassalink.demo.wallet import CUSTOMER_EMAIL, customer_link, seed_customer, subscribe
from kassalink.mplus.simulator.soap_time import AMSTERDAM
from kassalink.sync.models import SyncRun
from kassalink.sync.tasks import sync_now


class Command(BaseCommand):
    help = "Seed the demo shop and run simulator, web server and worker (with beat) together."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="web port (default 8000)")
        parser.add_argument(
            "--simulator-port", type=int, default=8765, help="simulator port (default 8765)"
        )
        parser.add_argument(
            "--seed-only", action="store_true", help="only create the demo shop, start nothing"
        )

    def handle(self, *args: object, **options: object) -> None:
        # `kill <pid>` must stop the children too, as Ctrl-C does.
        signal.signal(signal.SIGTERM, _interrupt)
        sim_port = int(options["simulator_port"])
        web_port = int(options["port"])
        # One start moment and seed for the simulator and the seed: the roster is planned
        # from the very clock-ins the simulator will serve.
        start = timezone.now().astimezone(AMSTERDAM).replace(microsecond=0)
        # E-mails (sent by web and worker alike) link to this demo, not to port 8000.
        os.environ["SITE_URL"] = settings.SITE_URL = demo_site_url(web_port)
        shop = seed_demo_shop(sim_port, start)
        connection = shop.connection
        if options["seed_only"]:
            self.stdout.write(f"demo shop ready; connection id {connection.pk}\n{shop.staff}")
            return
        kassalink = [sys.executable, "-m", "kassalink"]
        simulator = ["simulator", "--port", str(sim_port), "--seed", str(DEMO_SEED)]
        processes = [
            subprocess.Popen([*kassalink, *simulator, "--start", start.isoformat()]),
            subprocess.Popen([*kassalink, "serve", "--port", str(web_port), "--workers", "2"]),
            subprocess.Popen([*kassalink, "worker", "--concurrency", "1"]),
        ]
        url = f"http://127.0.0.1:{web_port}/"
        deadline = time.monotonic() + 90
        try:
            _wait_for(f"http://127.0.0.1:{sim_port}/_simulator/state", processes, deadline)
            _wait_for(url + "healthz", processes, deadline)
            # The first runs now rather than at beat's first tick, a minute from now.
            sync_now(connection.pk, trigger=SyncRun.Trigger.SCHEDULE)
            subscribe(connection, url, f"http://127.0.0.1:{sim_port}/")
            _wait_for_worker(connection.pk, start, processes, deadline)
            self._announce(url, sim_port, str(shop.staff))
            self.stdout.write(
                f"  Customer        {CUSTOMER_EMAIL}: wallet {url}portemonnee/ — sign in with"
                f" {customer_link(seed_customer())} (15 min; a new link: sign in with the"
                f" address, then open the outbox)\n"
                f"  Kassa           http://127.0.0.1:{sim_port}/_simulator/kassa (a till:"
                f" paste the customer's code from the wallet, pay, see the receipt arrive)\n"
            )
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            self.stderr.write("a demo process stopped; stopping the rest")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _announce(self, url: str, sim_port: int, staff: str) -> None:
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "kassalink demo is running — Ctrl-C stops it.",
                    f"  {staff}",
                    f"  Open            {url}",
                    f"  Shop owner      {OWNER.username} / {OWNER.password}",
                    f"  New shop owner  {NEW_SHOP_OWNER.username} / {NEW_SHOP_OWNER.password}"
                    f"  (no link yet: App center › MplusKASSA › Aanvragen; the operator sets it"
                    f" up with Poort {sim_port}, host 127.0.0.1, http, ident/secret demo/demo)",
                    f"  Operator        {OPERATOR.username} / {OPERATOR.password}"
                    f"  (console: {url}operator/)",
                    f"  Sent e-mail     {url}outbox/ (as operator)",
                    f"  Insights        {url}insights/ (today's turnover, refreshed while open)",
                    f"  API docs        {url}api/v1/docs/",
                    f"  Simulator       http://127.0.0.1:{sim_port}/ (ident/secret demo/demo; "
                    f"state: /_simulator/state)",
                    "",
                ]
            )
        )


def demo_site_url(web_port: int) -> str:
    """Where the demo's e-mails point: SITE_URL if the environment sets it, else this demo."""
    return os.environ.get("SITE_URL") or f"http://127.0.0.1:{web_port}"


def _check_alive(processes: list[subprocess.Popen], deadline: float, waiting_for: str) -> None:
    if any(p.poll() is not None for p in processes):
        raise SystemExit("a demo process failed to start; see the output above")
    if time.monotonic() > deadline:
        raise SystemExit(f"{waiting_for} did not answer within 90 s; see the output above")


def _wait_for(url: str, processes: list[subprocess.Popen], deadline: float) -> None:
    while True:
        _check_alive(processes, deadline, url)
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own localhost URL)
                return
        except OSError:
            time.sleep(0.3)


def _wait_for_worker(
    connection_id: int, since: dt.datetime, processes: list[subprocess.Popen], deadline: float
) -> None:
    """The worker listens on the broker, not a port: it is up once it took a run."""
    runs = SyncRun.objects.filter(connection_id=connection_id, started__gte=since)
    while not runs.exists():
        _check_alive(processes, deadline, "the worker")
        time.sleep(0.3)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
