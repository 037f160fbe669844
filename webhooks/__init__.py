"""Outbound webhooks: which events go to which endpoint (dispatch.py), what a payload holds
(payloads.py), how it is signed (signing.py), where the server may send it (addresses.py), and
the send itself (delivery.py). The endpoint and delivery rows and their actions are domain
(models/webhook.py, models/webhook_actions.py, models/webhook_deliveries.py)."""
