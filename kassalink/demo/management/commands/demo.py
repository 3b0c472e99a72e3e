"""`kassalink demo`: seed the demo shop, then run simulator, web, worker and beat together.

`make demo` calls this after migrating. Ctrl-C stops every process.
"""

import signal
import subprocess
import sys
import time
import urllib.request

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
        try:
            self._wait_for(url + "healthz", processes)
            sim_url = f"http://127.0.0.1:{sim_port}/"
            self._wait_for(sim_url + "_simulator/state", processes)
            # The first runs now rather than at beat's first tick, a minute from now.
            sync_now(connection.pk, trigger=SyncRun.Trigger.SCHEDULE)
            subscribe(connection, url, sim_url)
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

    def _wait_for(self, url: str, processes: list[subprocess.Popen]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in processes):
                raise SystemExit("a demo process failed to start; see the output above")
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own localhost URL)
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"the web server did not answer at {url} within 60 s")

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
                    f"  API docs        {url}api/v1/docs/",
                    f"  Simulator       http://127.0.0.1:{sim_port}/ (ident/secret demo/demo; "
                    f"state: /_simulator/state)",
                    "",
                ]
            )
        )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
