"""A stand-in MplusKASSA account speaking the real SOAP wire protocol, for the demo,
the tests and the benchmarks. Plain Python, no Django.

    from kassalink.mplus.simulator import Simulator, serve_in_thread

    sim = Simulator(seed=1, start=aware_datetime)      # 14 days of history, 3 branches
    with serve_in_thread(sim) as server:               # server.url, server.port
        ...  # POST SOAP envelopes to server.url + "?ident=demo&secret=demo"
    sim.advance(90)                                    # 90 simulated minutes pass
    sim.faults.add("getReceipts", "http_503", times=2)
    sim.add_webhook_consumer(url, subscription_id, secret_key, patterns=["KL1.*"])
    sim.cashier_sale(workplace=1, branch=1, scan_code="KL1...")  # POS webhooks, signed

Units: money in cents, VAT/discount percentages in hundredths, quantities with
decimalPlaces; times are Europe/Amsterdam (see soap_time). Sync markers are inclusive:
a request with syncMarker=N returns objects whose marker is >= N.
"""

from .cashier import CashierSale
from .http_server import SimulatorServer, serve_in_thread
from .records import WebhookConsumer
from .world import Simulator

__all__ = ["CashierSale", "Simulator", "SimulatorServer", "WebhookConsumer", "serve_in_thread"]
